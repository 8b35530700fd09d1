using System.Globalization;
using Microsoft.Extensions.Options;
using NoOneLeftBehind.Domain.Bodies;
using NoOneLeftBehind.Domain.Dossiers;
using NoOneLeftBehind.Domain.Plans;
using NoOneLeftBehind.Domain.Reports;
using NoOneLeftBehind.Domain.Statistics;
using NoOneLeftBehind.Domain.Units;
using NoOneLeftBehind.Functions.Dossiers;
using NoOneLeftBehind.Functions.Hosting;
using NoOneLeftBehind.Functions.Identity;
using NoOneLeftBehind.Infrastructure.Dossiers;
using NoOneLeftBehind.Infrastructure.Messaging;
using NoOneLeftBehind.Infrastructure.Reports;
using NoOneLeftBehind.Infrastructure.Storage.Blobs;

namespace NoOneLeftBehind.Functions.Reports;

/// <summary>Body of <c>POST /api/reports/submission/files</c>: whose report, and the file to upload.</summary>
internal sealed record ReportFileInput(string? PlanId, string? StageKind, int? StageYear, string? UnitCode, string? BodyId, string? FileName, long? Size);

/// <summary>
/// The submission of signed review reports (nộp báo cáo đã ký, issue 18): the upload goes straight to Blob storage through the
/// dossier file pipeline — a SAS for one staging blob, then the server pins a copy no link can write, sniffs it (it must
/// really be a PDF), hashes and records it (<see cref="FileConfirmation"/>) — and each accepted upload is a version; the
/// first one is judged on time or late against the route's deadline in Vietnam time. Who must report is
/// <see cref="ReportReporters"/>. An interrupted upload resumes as a dossier's does (<see cref="StagedUploads"/>: a fresh link,
/// the staged blocks). Blobs: <c>reports/{id}/staging/{fileId}</c>, pinned <c>reports/{id}/{fileId}/{n}</c>.
/// </summary>
internal sealed class ReportSubmissions(
    ReportSubmissionStore store,
    ReportSubmissionWriter writer,
    ReportReporters reporters,
    PlanCatalogue plans,
    INominatingBodyStore bodies,
    IBlobSasIssuer sas,
    FileConfirmation confirmation,
    StagedUploads uploads,
    DossierClock clock,
    IOptions<DossierOptions> options)
{
    private readonly DossierOptions _options = options.Value;

    /// <summary><c>GET /api/reports/submission</c>: one unit's (or body's) report of a plan's stage, submitted or not.</summary>
    public async Task<IResult> GetAsync(string? planId, string? stageKind, int? stageYear, string? unitCode, string? bodyId, CancellationToken ct)
    {
        var (obligation, error) = await ObligationAsync(planId, stageKind, stageYear, unitCode, bodyId, ct);
        if (error is not null) return error;
        return ReportViews.Submission(obligation!, await store.GetAsync(obligation!.Id, ct));
    }

    /// <summary><c>POST /api/reports/submission/files</c>: a pending upload of the signed PDF and its upload link.</summary>
    public async Task<IResult> AddFileAsync(ReportFileInput input, ICurrentUser user, Caller caller, CancellationToken ct)
    {
        var (obligation, error) = await ObligationAsync(input.PlanId, input.StageKind, input.StageYear, input.UnitCode, input.BodyId, ct);
        if (error is not null) return error;
        if (NotActingFor(obligation!, user) is { } refused) return refused;
        var id = obligation!.Id;
        var fileId = Guid.NewGuid().ToString("N");
        await store.EnsureCreatedAsync(ct);
        if (await store.GetAsync(id, ct) is null) await writer.CreateAsync(ReportSubmission.Open(id, clock.UtcNow), caller, ct);
        var result = await writer.ApplyAsync(id, caller, (s, _) => ValueTask.FromResult(s.Submission.AddFile(input.FileName, input.Size, fileId, _options.FileLimits, clock.UtcNow)), ct);
        if (result.Error is not null) return result.Error;
        var upload = await uploads.IssueAsync(Staging(id, fileId), ct);
        var added = result.Stored!.Submission.Pending.First(f => f.Id == fileId);
        var view = ReportViews.SubmissionNode(obligation, result.Stored);
        return Results.Json(new
        {
            submission = view,
            file = new { id = added.Id, name = added.OriginalName, size = input.Size, state = "pending" },
            upload,
        }, ReportViews.Json, statusCode: StatusCodes.Status201Created);
    }

    /// <summary>
    /// <c>POST /api/reports/submissions/{id}/files/{fileId}/upload-url</c>: a fresh upload link for a pending upload (to resume
    /// one whose link expired); refused once it is confirmed (a version) or refused.
    /// </summary>
    public async Task<IResult> UploadUrlAsync(ReportSubmissionId id, string fileId, ICurrentUser user, CancellationToken ct)
    {
        var (file, error) = await PendingAsync(id, fileId, user, ct);
        if (error is not null) return error;
        return Results.Json(new { file = new { id = file!.Id, name = file.OriginalName, state = "pending" }, upload = await uploads.IssueAsync(Staging(id, fileId), ct) },
            ReportViews.Json);
    }

    /// <summary><c>GET /api/reports/submissions/{id}/files/{fileId}/blocks</c>: the blocks staged for a pending upload, for a resume.</summary>
    public async Task<IResult> BlocksAsync(ReportSubmissionId id, string fileId, ICurrentUser user, CancellationToken ct)
    {
        var (_, error) = await PendingAsync(id, fileId, user, ct);
        if (error is not null) return error;
        return await uploads.BlocksAsync(fileId, Staging(id, fileId), ct);
    }

    /// <summary>The pending upload <paramref name="fileId"/> of a report the caller sends; 404 unknown, 403 not the caller's, 422 no longer pending.</summary>
    private async Task<(DossierFile? File, IResult? Error)> PendingAsync(ReportSubmissionId id, string fileId, ICurrentUser user, CancellationToken ct)
    {
        if (reporters.Find(id, await bodies.ListAsync(ct)) is not { } obligation) return (null, NotFound());
        if (NotActingFor(obligation, user) is { } refused) return (null, refused);
        var s = await store.GetAsync(id, ct);
        if (s?.Submission.Pending.FirstOrDefault(f => f.Id == fileId) is { } file) return (file, null);
        return (null, s?.Submission.Versions.Any(v => v.FileId == fileId) == true ? StagedUploads.NotPending(fileId) : DossierProblems.FileNotFound());
    }

    /// <summary>
    /// <c>POST /api/reports/submissions/{id}/files/{fileId}/confirm</c>: pins, inspects (PDF by content), hashes and records the
    /// upload as a version, with its <c>report.submitted</c> event in the same transaction. A retry answers the same.
    /// </summary>
    public async Task<IResult> ConfirmAsync(ReportSubmissionId id, string fileId, ICurrentUser user, Caller caller, CancellationToken ct)
    {
        var all = await bodies.ListAsync(ct);
        if (reporters.Find(id, all) is not { } obligation) return NotFound();
        if (NotActingFor(obligation, user) is { } refused) return refused;
        var s = await store.GetAsync(id, ct);
        if (s is null) return DossierProblems.FileNotFound();
        if (s.Submission.Versions.Any(v => v.FileId == fileId))
        {
            // A retry (the answer, or the step after the record, was lost): the same answer; the staged upload is not needed.
            await confirmation.DropStagingAsync(Staging(id, fileId), ct);
            return ReportViews.Submission(obligation, s);
        }
        if (s.Submission.Pending.FirstOrDefault(f => f.Id == fileId) is not { } file) return DossierProblems.FileNotFound();
        var staging = Staging(id, fileId);
        var pinned = s.Submission.BlobPrefix + fileId + "/" + Guid.NewGuid().ToString("N");
        var metadata = new Dictionary<string, string> { ["report"] = id.Value };
        var (inspected, incomplete) = await confirmation.PinAndInspectAsync(file, staging, pinned, 0, metadata, ct);
        if (incomplete is not null) return ReportDrafts.Invalid([Item(incomplete)]);
        var result = await writer.ApplyAsync(id, caller, (current, _) => ValueTask.FromResult(
            current.Submission.ConfirmFile(fileId, inspected!, obligation.Deadline, caller.Actor, clock.UtcNow)), ct,
            decision => ReportEvents.Submitted(obligation, decision.Next!, fileId));
        if (inspected!.Problem is not null || result.Error is not null)
        {
            if (inspected.Problem is null) await confirmation.DropPinnedAsync(pinned, ct);
            return result.Error ?? ReportDrafts.Invalid([Item(inspected.Problem!)]);
        }
        // Not written by this call (a concurrent confirmation recorded the file first): this copy is not the one kept.
        if (!result.Written) await confirmation.DropPinnedAsync(pinned, ct);
        await confirmation.DropStagingAsync(staging, ct);
        return ReportViews.Submission(obligation, result.Stored!);
    }

    /// <summary><c>GET /api/reports/submissions/{id}/download[?fileId=]</c>: a short read link to the newest version (or the one named).</summary>
    public async Task<IResult> DownloadAsync(ReportSubmissionId id, string? fileId, CancellationToken ct)
    {
        var s = await store.GetAsync(id, ct);
        var version = s?.Submission.Versions.LastOrDefault(v => fileId is null || v.FileId == fileId);
        if (version is null) return DossierProblems.FileNotFound();
        var url = await sas.IssueDownloadAsync(DossierStorageNames.FilesContainer, version.StoredName, version.Name, "application/pdf",
            TimeSpan.FromMinutes(_options.DownloadSasMinutes), ct);
        return Results.Json(new { url = url.Uri, expiresOn = url.ExpiresOn, fileName = version.Name, size = version.Size, sha256 = version.Sha256 }, DossierStorageNames.Json);
    }

    /// <summary>
    /// <c>GET /api/reports/obligations[?unitCode=]</c>: the reports the caller's unit — or the registered body the caller acts
    /// for — must send, across plans and stages, newest stage first; with <c>unitCode</c> (read scope), that unit's and its bodies'.
    /// </summary>
    public async Task<IResult> ObligationsAsync(string? unitCode, ICurrentUser user, CancellationToken ct)
    {
        var scope = user.Scope!;
        if (unitCode is not null && (!UnitCode.TryParse(unitCode, out _) || !user.CanRead(unitCode))) return ApiProblem.Forbidden();
        var actingBody = ActingBodyId(user);
        var all = await bodies.ListAsync(ct);
        var items = new List<object>();
        foreach (var plan in reporters.Plans)
        {
            foreach (var (kind, year) in reporters.Stages(plan))
            {
                foreach (var o in reporters.Of(plan, kind, year, all))
                {
                    var mine = unitCode is not null
                        ? o.Unit.Code.Value == unitCode
                        : actingBody is not null ? o.Body?.Id == actingBody : o.Body is null && o.Unit.Code.Value == scope.UnitCode;
                    if (mine) items.Add(ReportViews.SubmissionNode(o, await store.GetAsync(o.Id, ct)));
                }
            }
        }
        return Results.Json(new { items }, ReportViews.Json);
    }

    /// <summary>
    /// <c>GET /api/reports/status</c>: who must report to <paramref name="unitCode"/> for a plan's stage (or, when it receives
    /// none, who reports from within it) and who has, on time or late; with the unit's own report.
    /// </summary>
    public async Task<IResult> StatusAsync(string? planId, string? stageKind, int? stageYear, string? unitCode, CancellationToken ct)
    {
        var (plan, kind, year, unit, error) = ReportDrafts.Check(plans, planId, stageKind, stageYear, unitCode);
        if (error is not null) return error;
        var all = reporters.Of(plan!, kind, year, await bodies.ListAsync(ct));
        if (all.Count == 0) return NotAsked(plan!, kind, year);
        var asOf = all[0].AsOf;
        if (UnitRegistry.Embedded.Find(unit, asOf) is not { } shown)
            return ReportDrafts.Invalid([new ProblemItem("invalid-unit", $"Không có đơn vị mã {unit} vào ngày {VietnamTime.Format(asOf)}.",
                $"There is no unit {unit} on {VietnamTime.Format(asOf)}.") { Field = "unitCode" }]);
        var submissions = new Dictionary<string, ReportSubmission>(StringComparer.Ordinal);
        await foreach (var s in store.ListAsync(plan!.Id, ReportSubmissionId.StageWord(kind), year, ct)) submissions[s.Submission.Id.Value] = s.Submission;
        var to = reporters.ReportingTo(all, unit);
        var own = all.FirstOrDefault(o => o.Unit.Code == unit && o.Body is null);
        return Results.Json(ReportViews.Status(plan, kind, year, shown, to, own, submissions, clock.UtcNow), ReportViews.Json);
    }

    private async Task<(ReportObligation? Obligation, IResult? Error)> ObligationAsync(string? planId, string? stageKind, int? stageYear, string? unitCode, string? bodyId,
        CancellationToken ct)
    {
        var (plan, kind, year, unit, error) = ReportDrafts.Check(plans, planId, stageKind, stageYear, unitCode);
        if (error is not null) return (null, error);
        var all = await bodies.ListAsync(ct);
        if (bodyId is not null && !all.Any(b => b.Id == bodyId && b.UnitCode == unit.Value)) return (null, ReportDrafts.UnknownBody(bodyId, unit.Value));
        if (ReportSubmissionId.Of(plan!.Id, kind, year, unit.Value, bodyId) is not { } id || reporters.Find(id, all) is not { } obligation)
        {
            var who = bodyId is null ? $"đơn vị {unit}" : $"cơ quan '{bodyId}'";
            var whoEn = bodyId is null ? $"unit {unit}" : $"body '{bodyId}'";
            var stage = ReportViews.StageLabel(kind, year);
            return (null, ReportDrafts.Invalid([new ProblemItem("not-a-reporter",
                $"Theo lịch báo cáo của kế hoạch '{plan.Id}', {who} không phải gửi báo cáo {stage} (bên gửi theo tuyến báo cáo của kế hoạch; xem GET /api/reports/obligations).",
                $"Under plan '{plan.Id}''s report schedule, {whoEn} sends no {ReportViews.StageLabelEn(kind, year)} report (senders follow the plan's report routes; see GET /api/reports/obligations).")
            { Field = bodyId is null ? "unitCode" : "bodyId" }]));
        }
        return (obligation, null);
    }

    private static IResult NotAsked(Plan plan, StageKind kind, int year) => ReportDrafts.Invalid([new ProblemItem("report-not-available",
        $"Kế hoạch '{plan.Id}' không yêu cầu báo cáo {ReportViews.StageLabel(kind, year)}.", $"Plan '{plan.Id}' asks for no {ReportViews.StageLabelEn(kind, year)} report.")]);

    /// <summary>403 unless a body's report is sent by a user acting for that body (the unit's own report: any submitter of the unit).</summary>
    private static IResult? NotActingFor(ReportObligation o, ICurrentUser user) =>
        o.Body is null || ActingBodyId(user) == o.Body.Id ? null : ApiProblem.Forbidden(new(
            $"Chỉ người dùng của {o.Body.Name} mới nộp báo cáo của cơ quan này.", $"Only a user of {o.Body.Name} may submit this body's report."));

    private static string? ActingBodyId(ICurrentUser user) =>
        user.Scope?.BodyId is { } b && NominatingBody.ImplicitUnitOf(b) is null ? b : null;

    private static IResult NotFound() => ApiProblem.NotFound(new("báo cáo này", "report"));

    /// <summary>The staging blob of an upload: <c>reports/{id}/staging/{fileId}</c>.</summary>
    private static string Staging(ReportSubmissionId id, string fileId) => "reports/" + id.Value + "/" + StagedUploads.StagingSegment + fileId;

    private static ProblemItem Item(DossierProblem p) => new(p.Code, p.MessageVi, p.MessageEn) { Field = p.Field };
}

/// <summary>
/// The one writer of submissions: read, decide, write conditional on the ETag with the audit entry and the outbox row of the
/// event in one transaction; a submission changed meanwhile is decided again on a fresh read (at most <see cref="MaxAttempts"/>).
/// </summary>
internal sealed class ReportSubmissionWriter(ReportSubmissionStore store, IntegrationEventsOptions events)
{
    /// <summary>Attempts of one write before it answers 409.</summary>
    public const int MaxAttempts = 5;

    /// <summary>Writes a new submission; false when one with its id exists already (opened concurrently).</summary>
    public async Task<bool> CreateAsync(ReportSubmission submission, Caller caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(submission);
        return await store.WriteAsync(submission, null, new(submission.Id.Value, submission.CreatedAt, caller.Actor, "open", null), null, ct) is not null;
    }

    /// <summary>Reads, decides and writes; a refusal that drops a refused upload is written, then answered.</summary>
    public async Task<(StoredReportSubmission? Stored, IResult? Error, bool Written)> ApplyAsync(ReportSubmissionId id, Caller caller,
        Func<StoredReportSubmission, CancellationToken, ValueTask<ReportSubmissionDecision>> decide, CancellationToken ct, Func<ReportSubmissionDecision, IntegrationEvent?>? eventOf = null)
    {
        ArgumentNullException.ThrowIfNull(decide);
        for (var attempt = 1; ; attempt++)
        {
            var current = await store.GetAsync(id, ct);
            if (current is null) return (null, DossierProblems.FileNotFound(), false);
            var decision = await decide(current, ct);
            var answer = decision.Refusal switch
            {
                DossierRefusal.None => null,
                DossierRefusal.NotFound => DossierProblems.FileNotFound(),
                _ => ReportDrafts.Invalid(decision.Problems.Select(p => new ProblemItem(p.Code, p.MessageVi, p.MessageEn) { Field = p.Field })),
            };
            if (!decision.Writes) return (answer is null ? current : null, answer, false);
            var next = decision.Next!;
            var integrationEvent = answer is null && events.Enabled ? eventOf?.Invoke(decision) : null;
            var etag = await store.WriteAsync(next, current.ETag, new(id.Value, next.UpdatedAt, caller.Actor, decision.Action, decision.Note), integrationEvent, ct);
            if (etag is not null) return (answer is null ? new StoredReportSubmission(next, etag) : null, answer, true);
            if (attempt >= MaxAttempts)
                return (null, ApiProblem.Create(StatusCodes.Status409Conflict, "stale-etag", new("Báo cáo đã thay đổi", "The report has changed"),
                    new("Báo cáo vừa được thay đổi đồng thời; không có gì bị ghi đè — thử lại.", "The report was changed concurrently; nothing was overwritten — try again.")), false);
        }
    }
}

/// <summary>The integration event of a submission (docs/events.md), written with the accepted version in one transaction.</summary>
internal static class ReportEvents
{
    /// <summary><c>vn.gov.noonelb.report.submitted</c>: a version of the signed report was accepted.</summary>
    public static IntegrationEvent? Submitted(ReportObligation o, ReportSubmission s, string fileId)
    {
        if (s.Versions.FirstOrDefault(v => v.FileId == fileId) is not { } version) return null;
        return IntegrationEvent.Create(IntegrationEventTypes.ReportSubmitted, "/units/" + o.Unit.Code.Value + "/reports", s.Id.Value, version.SubmittedAt, new
        {
            submissionId = s.Id.Value,
            planId = o.Plan.Id,
            stage = new { kind = ReportSubmissionId.StageWord(o.Kind), year = o.Year },
            unit = new { code = o.Unit.Code.Value, name = o.Unit.FullName },
            body = o.Body is null ? null : new { id = o.Body.Id, name = o.Body.Name },
            route = new { clause = o.Route.Clause, from = o.Route.From, to = o.Route.To, deadline = o.Deadline?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) },
            version = s.Versions.Count,
            submittedAt = version.SubmittedAt,
            timeliness = ReportViews.Word(version.Timeliness),
            firstSubmittedAt = s.SubmittedAt,
            firstTimeliness = s.Timeliness is { } t ? ReportViews.Word(t) : null,
            file = new { name = version.Name, size = version.Size, sha256 = version.Sha256 },
        });
    }
}
