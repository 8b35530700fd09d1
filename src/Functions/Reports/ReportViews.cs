using System.Globalization;
using NoOneLeftBehind.Domain.Dossiers;
using NoOneLeftBehind.Domain.Plans;
using NoOneLeftBehind.Domain.Reports;
using NoOneLeftBehind.Domain.Units;
using NoOneLeftBehind.Functions.Dossiers;
using NoOneLeftBehind.Infrastructure.Dossiers;
using NoOneLeftBehind.Infrastructure.Reports;

namespace NoOneLeftBehind.Functions.Reports;

/// <summary>How the report submission API shows a submission and a unit's status (docs/reports.md, "Nộp báo cáo").</summary>
internal static class ReportViews
{
    /// <summary>The API's JSON: as the dossier APIs', but nulls written (the contract's <c>submittedAt: null</c>, <c>body: null</c>).</summary>
    public static System.Text.Json.JsonSerializerOptions Json { get; } = new(DossierStorageNames.Json)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.Never,
    };

    /// <summary>"Sơ kết 2023", "Tổng kết 2025", "Báo cáo năm 2024".</summary>
    public static string StageLabel(StageKind kind, int year) => kind switch
    {
        StageKind.MidTerm => "sơ kết " + Year(year),
        StageKind.Final => "tổng kết " + Year(year),
        _ => "hằng năm " + Year(year),
    };

    /// <summary>"mid-term review 2023", "final review 2025", "annual 2024".</summary>
    public static string StageLabelEn(StageKind kind, int year) => kind switch
    {
        StageKind.MidTerm => "mid-term review " + Year(year),
        StageKind.Final => "final review " + Year(year),
        _ => "annual " + Year(year),
    };

    /// <summary>The API's word of a timeliness: <c>on-time</c>, <c>late</c>, <c>no-deadline</c>.</summary>
    public static string Word(ReportTimeliness t) => t switch
    {
        ReportTimeliness.OnTime => "on-time",
        ReportTimeliness.Late => "late",
        _ => "no-deadline",
    };

    /// <summary>The submission view with its ETag header (none before the first upload).</summary>
    public static IResult Submission(ReportObligation o, StoredReportSubmission? s)
    {
        var json = Results.Json(SubmissionNode(o, s), Json);
        return s is null ? json : new EtagResult(json, s.ETag);
    }

    /// <summary>The submission view (see docs/reports.md): status "not-submitted" until a version is accepted.</summary>
    public static object SubmissionNode(ReportObligation o, StoredReportSubmission? stored)
    {
        ArgumentNullException.ThrowIfNull(o);
        var s = stored?.Submission;
        var newest = s?.Versions.Count > 0 ? s.Versions[^1] : null;
        var query = $"planId={o.Plan.Id}&stageKind={ReportSubmissionId.StageWord(o.Kind)}&stageYear={Year(o.Year)}&unitCode={o.Unit.Code.Value}"
            + (o.Body is null ? "" : "&bodyId=" + Uri.EscapeDataString(o.Body.Id));
        return new
        {
            id = o.Id.Value,
            planId = o.Plan.Id,
            planName = o.Plan.Title,
            stage = Stage(o.Kind, o.Year),
            unit = Unit(o.Unit),
            body = o.Body is null ? null : new { id = o.Body.Id, name = o.Body.Name },
            route = Route(o),
            status = newest is null ? "not-submitted" : "submitted",
            timeliness = s?.Timeliness is { } t ? Word(t) : null,
            submittedAt = s?.SubmittedAt,
            submittedBy = s?.SubmittedBy,
            daysLate = s?.SubmittedAt is { } at ? ReportSubmission.DaysLate(o.Deadline, at) : (int?)null,
            file = newest is null ? null : new { id = newest.FileId, name = newest.Name, size = newest.Size, sha256 = newest.Sha256 },
            versions = (s?.Versions ?? []).Select(v => new
            {
                fileId = v.FileId, name = v.Name, size = v.Size, sha256 = v.Sha256, submittedAt = v.SubmittedAt, submittedBy = v.SubmittedBy, timeliness = Word(v.Timeliness),
            }),
            pending = (s?.Pending ?? []).Select(f => new { id = f.Id, name = f.OriginalName, addedAt = f.AddedAt }),
            etag = stored?.ETag,
            draftUrl = "/api/reports/draft?" + query,
            reporter = o.Reporter,
        };
    }

    /// <summary>The status view of a unit: its reporters with their state, the counts, and the unit's own report.</summary>
    public static object Status(Plan plan, StageKind kind, int year, AdministrativeUnit unit, IReadOnlyList<ReportObligation> reporters, ReportObligation? own,
        IReadOnlyDictionary<string, ReportSubmission> submissions, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(reporters);
        ArgumentNullException.ThrowIfNull(submissions);
        object Reporter(ReportObligation o)
        {
            var s = submissions.TryGetValue(o.Id.Value, out var found) && found.IsSubmitted ? found : null;
            var overdue = s is null && o.Deadline is { } d && now > VietnamTime.EndOfDay(d);
            return new
            {
                unit = Unit(o.Unit),
                body = o.Body is null ? null : new { id = o.Body.Id, name = o.Body.Name },
                status = s is null ? "not-submitted" : "submitted",
                timeliness = s?.Timeliness is { } t ? Word(t) : null,
                submittedAt = s?.SubmittedAt,
                daysLate = s?.SubmittedAt is { } at ? ReportSubmission.DaysLate(o.Deadline, at) : overdue ? ReportSubmission.DaysLate(o.Deadline, now) : 0,
                overdue,
                submissionId = o.Id.Value,
                deadline = Date(o.Deadline),
                clause = o.Route.Clause,
            };
        }
        var submitted = reporters.Select(o => submissions.TryGetValue(o.Id.Value, out var s) && s.IsSubmitted ? s : null).Where(s => s is not null).ToList();
        return new
        {
            planId = plan.Id,
            planName = plan.Title,
            stage = Stage(kind, year),
            unit = Unit(unit),
            route = reporters.Count > 0 ? Route(reporters[0]) : null,
            counts = new
            {
                expected = reporters.Count,
                submitted = submitted.Count,
                onTime = submitted.Count(s => s!.Timeliness == ReportTimeliness.OnTime),
                late = submitted.Count(s => s!.Timeliness == ReportTimeliness.Late),
                noDeadline = submitted.Count(s => s!.Timeliness == ReportTimeliness.NoDeadline),
                missing = reporters.Count - submitted.Count,
            },
            reporters = reporters.Select(Reporter),
            own = own is null ? null : Reporter(own),
            ownRoute = own is null ? null : Route(own),
        };
    }

    private static object Stage(StageKind kind, int year) => new
    {
        kind = ReportSubmissionId.StageWord(kind), year, label = char.ToUpper(StageLabel(kind, year)[0], CultureInfo.GetCultureInfo("vi-VN")) + StageLabel(kind, year)[1..],
    };

    private static object Unit(AdministrativeUnit u) => new
    {
        code = u.Code.Value, name = u.FullName, level = u.Level switch { UnitLevel.Province => "province", UnitLevel.District => "district", _ => "commune" },
    };

    private static object Route(ReportObligation o) => new
    {
        from = o.Route.From,
        to = o.Route.To,
        deadline = Date(o.Deadline),
        deadlineWords = o.Deadline is { } d
            ? $"Xong trước ngày {VietnamTime.Format(d)} (mục {o.Route.Clause})"
            : $"Không có hạn (mục {o.Route.Clause}): {o.Route.NoDate}",
        clause = o.Route.Clause,
        text = o.Route.Text,
        noDateReason = o.Deadline is null ? o.Route.NoDate : null,
        annual = o.Route.Annual is not null,
    };

    private static string? Date(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Year(int year) => year.ToString(CultureInfo.InvariantCulture);
}
