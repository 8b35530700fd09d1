using NoOneLeftBehind.Domain.Dossiers;
using NoOneLeftBehind.Domain.Plans;
using NoOneLeftBehind.Domain.Statistics;
using NoOneLeftBehind.Domain.Units;

namespace NoOneLeftBehind.Domain.Reports;

/// <summary>Port: the review results (leaf figures: communes) that lie within a unit, for the report's poverty tables.</summary>
public interface IReportFigureSource
{
    /// <summary>
    /// The leaf figures (each commune's review result, never a total) inside <paramref name="unit"/> for each year from
    /// <paramref name="fromYear"/> to <paramref name="toYear"/>; the report adds them up (a province's report consolidates its units).
    /// </summary>
    Task<IReadOnlyList<UnitYearFigures>> LeafFiguresWithinAsync(UnitCode unit, int fromYear, int toYear, CancellationToken cancellationToken = default);
}

/// <summary>Port: the nominations (dossiers) of a plan's stage made by a unit, the units inside it, or one body.</summary>
public interface IReportNominationSource
{
    /// <summary>The nominations of <paramref name="planId"/> at <paramref name="stage"/> whose nominating unit lies within <paramref name="unit"/> (or is it); only those of <paramref name="bodyId"/> when given.</summary>
    Task<IReadOnlyList<NominationRecord>> NominationsAsync(string planId, DossierStage stage, UnitCode unit, string? bodyId, CancellationToken cancellationToken = default);
}

/// <summary>What a report needs of a dossier.</summary>
/// <param name="DossierId">The dossier's id.</param>
/// <param name="NominatingUnit">The nominating unit.</param>
/// <param name="NominatingBodyId">The nominating body (<c>ubnd:{code}</c> for the people's committee).</param>
/// <param name="AwardFormId">The award form.</param>
/// <param name="Kind">The nominee's kind.</param>
/// <param name="Status">The workflow status.</param>
/// <param name="SubmittedAt">The latest submission, if any.</param>
/// <param name="Body">The nominating body with its roles (for the quotas of bodies); null: the unit's people's committee.</param>
public sealed record NominationRecord(string DossierId, UnitCode NominatingUnit, string NominatingBodyId, string AwardFormId, SubjectKind Kind, DossierStatus Status, DateTimeOffset? SubmittedAt, Bodies.NominatingBody? Body = null)
{
    /// <summary>The record of a stored dossier, with its nominating body when it is not the people's committee.</summary>
    public static NominationRecord Of(Dossiers.Dossier dossier, Bodies.NominatingBody? body = null)
    {
        ArgumentNullException.ThrowIfNull(dossier);
        return new(dossier.Id.ToString(), dossier.NominatingUnitCode, dossier.NominatingBodyId, dossier.AwardFormId, dossier.Nominee.Kind, dossier.Status, dossier.SubmittedAt, body);
    }
}

/// <summary>What a report is asked for.</summary>
/// <param name="PlanId">The plan.</param>
/// <param name="Stage">The stage (for the yearly report: annual with its year).</param>
/// <param name="Unit">The reporting unit (or the unit of the reporting body).</param>
/// <param name="BodyId">The reporting nominating body, when the report is a body's (e.g. a provincial department); null for the unit's people's committee.</param>
/// <param name="BodyName">The body's name, with <paramref name="BodyId"/>.</param>
public sealed record ReportRequest(string PlanId, ReportStage Stage, UnitCode Unit, string? BodyId = null, string? BodyName = null);

/// <summary>One year of the reporting unit's poverty figures.</summary>
/// <param name="Year">The review year.</param>
/// <param name="Counts">The summed counts.</param>
/// <param name="PoorRate">The poor rate in percent.</param>
/// <param name="NearPoorRate">The near-poor rate in percent.</param>
/// <param name="PoorRateFall">The fall of the poor rate from the year before, in points (positive when it went down).</param>
/// <param name="MinorityPoorRate">The ethnic-minority poor rate, when every unit reported it.</param>
/// <param name="Units">How many leaf figures were added.</param>
public sealed record PovertyRow(int Year, HouseholdCounts Counts, decimal PoorRate, decimal NearPoorRate, decimal? PoorRateFall, decimal? MinorityPoorRate, int Units);

/// <summary>A unit below the reporting unit, at the report's first and last year.</summary>
/// <param name="Unit">The unit.</param>
/// <param name="FirstYear">The first year with a figure.</param>
/// <param name="FirstRate">Its poor rate then.</param>
/// <param name="LastYear">The last year with a figure.</param>
/// <param name="LastCounts">Its counts then.</param>
/// <param name="LastRate">Its poor rate then.</param>
public sealed record UnitBelowRow(AdministrativeUnit Unit, int FirstYear, decimal FirstRate, int LastYear, HouseholdCounts LastCounts, decimal LastRate)
{
    /// <summary>The fall from the first to the last year, in points.</summary>
    public decimal Fall => FirstRate - LastRate;
}

/// <summary>Nominations of one award form, by status.</summary>
/// <param name="AwardForm">The plan's award form.</param>
/// <param name="ByStatus">The count of each status present.</param>
public sealed record AwardRow(AwardForm AwardForm, IReadOnlyDictionary<DossierStatus, int> ByStatus)
{
    /// <summary>All nominations of the form.</summary>
    public int Total => ByStatus.Values.Sum();
}

/// <summary>A nominating body's use of one quota.</summary>
/// <param name="NominatingUnit">The nominating unit.</param>
/// <param name="AwardForm">The award form.</param>
/// <param name="Kind">The nominee kind.</param>
/// <param name="Limit">The plan's quota.</param>
/// <param name="Used">The nominations holding it.</param>
/// <param name="NominatorName">Who nominated, by name (the body's name, or the unit's people's committee).</param>
public sealed record QuotaRow(UnitCode NominatingUnit, AwardForm AwardForm, SubjectKind Kind, QuotaLimit Limit, int Used, string NominatorName);

/// <summary>Submitted dossiers against their submission deadline.</summary>
/// <param name="OnTime">Submitted by the end of the deadline's day.</param>
/// <param name="Late">Submitted after it.</param>
/// <param name="WithoutDeadline">Submitted, for an award form with no deadline at this level (e.g. Giấy khen).</param>
/// <param name="NotSubmitted">Still drafts.</param>
/// <param name="Deadline">The deadline, when one applies.</param>
public sealed record DossierTimeliness(int OnTime, int Late, int WithoutDeadline, int NotSubmitted, DossierDeadline? Deadline);

/// <summary>A draft review report (báo cáo sơ kết / tổng kết / hằng năm), pre-filled from the product's data.</summary>
public sealed record ReviewReport
{
    /// <summary>The plan.</summary>
    public required Plan Plan { get; init; }
    /// <summary>The stage.</summary>
    public required ReportStage Stage { get; init; }
    /// <summary>The year the report covers up to.</summary>
    public required int Year { get; init; }
    /// <summary>The first year of its figures (the plan's baseline).</summary>
    public required int FromYear { get; init; }
    /// <summary>
    /// The last year of its figures: <see cref="Year"/>, or an earlier year when the unit was abolished during the report's
    /// year (its last 31 December), e.g. 2024 for a district's tổng kết 2025.
    /// </summary>
    public required int FiguresToYear { get; init; }
    /// <summary>The schedule entry.</summary>
    public required ScheduledReport Scheduled { get; init; }
    /// <summary>The outline followed.</summary>
    public required ReportOutline Outline { get; init; }
    /// <summary>Where it goes and by when.</summary>
    public ResolvedRoute? Route { get; init; }
    /// <summary>The reporting unit, as it was on the reference date of <see cref="Year"/>.</summary>
    public required AdministrativeUnit Unit { get; init; }
    /// <summary>The unit above it, if any.</summary>
    public AdministrativeUnit? Parent { get; init; }
    /// <summary>The reporting body's name (a body's report), else null.</summary>
    public string? BodyName { get; init; }
    /// <summary>The unit's figures year by year (empty for a body's report).</summary>
    public required IReadOnlyList<PovertyRow> Poverty { get; init; }
    /// <summary>The plan's targets the unit is held to, where the plan governs it.</summary>
    public required IReadOnlyList<TargetProgress> Targets { get; init; }
    /// <summary>The units directly below it.</summary>
    public required IReadOnlyList<UnitBelowRow> UnitsBelow { get; init; }
    /// <summary>Nominations by award form and status.</summary>
    public required IReadOnlyList<AwardRow> Awards { get; init; }
    /// <summary>Quota use.</summary>
    public required IReadOnlyList<QuotaRow> Quotas { get; init; }
    /// <summary>Dossiers on time or late.</summary>
    public required DossierTimeliness Dossiers { get; init; }

    /// <summary>"sơ kết", "tổng kết" or "hằng năm".</summary>
    public string StageWord => Stage.Kind switch
    {
        StageKind.MidTerm => "sơ kết",
        StageKind.Final => "tổng kết",
        _ => "kết quả thực hiện năm " + Year,
    };

    /// <summary>The reporting level word of the schedule: <c>province</c>, <c>district</c> or <c>unit</c>.</summary>
    public static string LevelWord(AdministrativeUnit unit, string? bodyId) =>
        bodyId is not null ? "unit" : (unit ?? throw new ArgumentNullException(nameof(unit))).Level switch
        {
            UnitLevel.Province => "province",
            UnitLevel.District => "district",
            _ => "unit",
        };
}

/// <summary>Vietnamese words the report prints.</summary>
public static class ReportWords
{
    /// <summary>The status in Vietnamese.</summary>
    public static string Status(DossierStatus status) => status switch
    {
        DossierStatus.Draft => "Bản nháp",
        DossierStatus.Submitted => "Đã nộp",
        DossierStatus.Evaluated => "Đã chấm tự động",
        DossierStatus.EvaluationFailed => "Lỗi chấm tự động",
        DossierStatus.UnderReview => "Đang thẩm định",
        DossierStatus.Returned => "Trả lại bổ sung",
        DossierStatus.Approved => "Đạt",
        DossierStatus.Rejected => "Không đạt",
        DossierStatus.Forwarded => "Đã trình",
        DossierStatus.Decided => "Đã có quyết định",
        _ => status.ToString(),
    };
}

/// <summary>Builds a <see cref="ReviewReport"/> from the plan data, the review results and the nominations.</summary>
public sealed class ReviewReportBuilder(
    PlanCatalogue plans,
    ReportCatalogue reports,
    DossierRuleBook rules,
    UnitRegistry registry,
    IReportFigureSource figures,
    IReportNominationSource nominations)
{
    /// <summary>Builds the report; bad requests throw <see cref="ReportRequestException"/> with Vietnamese and English words.</summary>
    public async Task<ReviewReport> BuildAsync(ReportRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var plan = plans.Plans.FirstOrDefault(p => p.Id == request.PlanId)
            ?? throw new ReportRequestException($"Không có kế hoạch '{request.PlanId}'.", $"There is no plan '{request.PlanId}'.");
        var year = request.Stage.Year
            ?? throw new ReportRequestException("Cần năm của báo cáo.", "The report's year is required.");
        if (year < plan.Period.From || year > plan.Period.To)
            throw new ReportRequestException($"Năm {year} nằm ngoài giai đoạn {plan.Period.From}–{plan.Period.To} của kế hoạch.", $"Year {year} is outside the plan's period {plan.Period.From}–{plan.Period.To}.");
        var scheduled = reports.Find(plan.Id, request.Stage)
            ?? throw new ReportRequestException($"Kế hoạch '{plan.Id}' không yêu cầu báo cáo ở giai đoạn này.", $"Plan '{plan.Id}' asks for no report at this stage.");
        // A unit abolished during the report's year (the reform of 01/07/2025: Chư Pưh's tổng kết 2025) reports on its
        // figures up to the last year whose reference date it saw; the report says so.
        var figuresTo = year;
        while (figuresTo >= plan.BaselineYear && registry.Find(request.Unit, ReviewCalendar.ReferenceDate(figuresTo)) is null)
            figuresTo--;
        var date = ReviewCalendar.ReferenceDate(figuresTo);
        var unit = (figuresTo >= plan.BaselineYear && (figuresTo == year || registry.Find(request.Unit, new DateOnly(year, 1, 1)) is not null) ? registry.Find(request.Unit, date) : null)
            ?? throw new ReportRequestException($"Không có đơn vị mã {request.Unit} vào ngày {VietnamTime.Format(ReviewCalendar.ReferenceDate(year))}.",
                $"There is no unit {request.Unit} on {VietnamTime.Format(ReviewCalendar.ReferenceDate(year))}.");
        if (!PlanGovernance.Concerns(plan, unit.Code, registry))
            throw new ReportRequestException($"Kế hoạch '{plan.Id}' không áp dụng cho {unit.FullName}.", $"Plan '{plan.Id}' does not apply to {unit.FullName}.");

        var fromYear = plan.BaselineYear;
        var poverty = new List<PovertyRow>();
        var unitsBelow = new List<UnitBelowRow>();
        var targets = new List<TargetProgress>();
        if (request.BodyId is null)
        {
            var leaves = await figures.LeafFiguresWithinAsync(unit.Code, fromYear, figuresTo, cancellationToken).ConfigureAwait(false);
            var aggregates = PovertyAggregation.ByHistoricalBoundaries(leaves, registry);
            var series = aggregates.SeriesOf(unit.Code);
            foreach (var y in series.Years)
            {
                var total = aggregates.Get(unit.Code, y)!;
                poverty.Add(new PovertyRow(y, total.Counts, total.Counts.PoorRate.Percent, total.Counts.NearPoorRate.Percent,
                    series.FallFromPreviousYear(PovertyIndicator.PoorRate, y), total.Counts.MinorityPoorRate?.Percent, total.ContributingUnits));
            }
            if (PlanGovernance.GoverningUnit(plan, unit, registry, figuresTo) is not null)
            {
                foreach (var target in plan.Targets)
                {
                    if (PlanTarget.Of(plan, target) is { } measured)
                        targets.Add(TargetProgressCalculator.Evaluate(series, measured, figuresTo));
                }
            }
            if (unit.Level != UnitLevel.Commune)
                unitsBelow.AddRange(UnitsBelow(unit, date, aggregates));
        }

        var stage = new DossierStage(request.Stage.Kind, year);
        var records = await nominations.NominationsAsync(plan.Id, stage, unit.Code, request.BodyId, cancellationToken).ConfigureAwait(false);
        return new ReviewReport
        {
            Plan = plan,
            Stage = request.Stage,
            Year = year,
            FromYear = fromYear,
            FiguresToYear = figuresTo,
            Scheduled = scheduled,
            Outline = reports.OutlineOf(scheduled),
            Route = reports.RouteFor(plan.Id, scheduled, ReviewReport.LevelWord(unit, request.BodyId)),
            Unit = unit,
            Parent = registry.ParentOf(unit, date),
            BodyName = request.BodyName,
            Poverty = poverty,
            Targets = targets,
            UnitsBelow = unitsBelow,
            Awards = Awards(plan, records),
            Quotas = Quotas(plan, records, date),
            Dossiers = Timeliness(plan, stage, records),
        };
    }

    private IEnumerable<UnitBelowRow> UnitsBelow(AdministrativeUnit unit, DateOnly date, PovertyAggregates aggregates)
    {
        foreach (var child in registry.ChildrenOf(unit.Code, date))
        {
            var years = aggregates.Years.Where(y => aggregates.Get(child.Code, y) is not null).ToList();
            if (years.Count == 0) continue;
            var first = aggregates.Get(child.Code, years[0])!;
            var last = aggregates.Get(child.Code, years[^1])!;
            yield return new UnitBelowRow(child, years[0], first.Counts.PoorRate.Percent, years[^1], last.Counts, last.Counts.PoorRate.Percent);
        }
    }

    private static List<AwardRow> Awards(Plan plan, IReadOnlyList<NominationRecord> records) =>
        [.. plan.AwardForms.Select(form => new AwardRow(form,
            records.Where(r => r.AwardFormId == form.Id).GroupBy(r => r.Status).OrderBy(g => g.Key).ToDictionary(g => g.Key, g => g.Count())))];

    private List<QuotaRow> Quotas(Plan plan, IReadOnlyList<NominationRecord> records, DateOnly date)
    {
        var rows = new List<QuotaRow>();
        foreach (var group in records.Where(r => DossierWorkflow.HoldsQuota(r.Status))
                     .GroupBy(r => (r.NominatingUnit, r.NominatingBodyId, r.AwardFormId, r.Kind))
                     .OrderBy(g => g.Key.NominatingUnit).ThenBy(g => g.Key.NominatingBodyId, StringComparer.Ordinal).ThenBy(g => g.Key.AwardFormId, StringComparer.Ordinal).ThenBy(g => g.Key.Kind))
        {
            var (nominator, _, formId, kind) = group.Key;
            var body = group.First().Body ?? Bodies.NominatingBody.PeoplesCommittee(nominator.Value);
            var limit = rules.QuotaFor(plan, formId, kind, body, null, (a, b) => registry.IsWithin(a, b, date));
            var form = plan.AwardForms.FirstOrDefault(f => f.Id == formId);
            var name = group.First().Body?.Name ?? "UBND " + (registry.Find(nominator, date)?.FullName ?? nominator.Value);
            if (limit is not null && form is not null)
                rows.Add(new QuotaRow(nominator, form, kind, limit, group.Count(), name));
        }
        return rows;
    }

    private DossierTimeliness Timeliness(Plan plan, DossierStage stage, IReadOnlyList<NominationRecord> records)
    {
        int onTime = 0, late = 0, without = 0, draft = 0;
        DossierDeadline? shown = null;
        foreach (var r in records)
        {
            if (r.SubmittedAt is not { } submitted)
            {
                draft++;
                continue;
            }
            // The dossier's own deadline: its route's where the plan routes dossiers (Bắc Giang IV.3.a: 30/11/2023 to Sở
            // LĐ-TB&XH; the Sở's own with its list, 05/12/2023), else the plan's for the stage and level; none for a Giấy khen.
            var body = r.Body ?? Bodies.NominatingBody.PeoplesCommittee(r.NominatingUnit.Value);
            var deadline = rules.SubmissionDeadline(plan, stage, r.AwardFormId, r.NominatingUnit.Value, body);
            if (deadline is null) without++;
            else if (submitted <= deadline.EndsAt) onTime++;
            else late++;
            shown ??= deadline;
        }
        return new DossierTimeliness(onTime, late, without, draft, shown);
    }
}

/// <summary>A report cannot be built for the request; the messages say why in Vietnamese and English.</summary>
public sealed class ReportRequestException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ReportRequestException(string vi, string en) : base(en)
    {
        Vi = vi;
        En = en;
    }

    /// <summary>Creates the exception.</summary>
    public ReportRequestException() : this("Yêu cầu không hợp lệ.", "Invalid request.") { }

    /// <summary>Creates the exception.</summary>
    public ReportRequestException(string message) : this(message, message) { }

    /// <summary>Creates the exception.</summary>
    public ReportRequestException(string message, Exception innerException) : base(message, innerException)
    {
        Vi = message;
        En = message;
    }

    /// <summary>The reason in Vietnamese.</summary>
    public string Vi { get; } = "";

    /// <summary>The reason in English.</summary>
    public string En { get; } = "";
}
