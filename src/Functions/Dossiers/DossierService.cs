using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using NoOneLeftBehind.Domain.Criteria;
using NoOneLeftBehind.Domain.Dossiers;
using NoOneLeftBehind.Domain.Identity;
using NoOneLeftBehind.Domain.Plans;
using Dossier = NoOneLeftBehind.Domain.Dossiers.Dossier;
using NoOneLeftBehind.Functions.Hosting;
using NoOneLeftBehind.Functions.Identity;
using NoOneLeftBehind.Infrastructure.Dossiers;
using NoOneLeftBehind.Infrastructure.Messaging;
using NoOneLeftBehind.Infrastructure.Storage.Blobs;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Azure.Storage.Queues;

namespace NoOneLeftBehind.Functions.Dossiers;

/// <summary>The evaluation request put on the queue; <c>idempotencyKey</c> is dossier + revision.</summary>
public sealed record EvaluationMessage(string DossierId, int Revision, string IdempotencyKey)
{
    /// <summary>The message for one revision.</summary>
    public static EvaluationMessage For(string dossierId, int revision) =>
        new(dossierId, revision, dossierId + ":r" + revision.ToString(System.Globalization.CultureInfo.InvariantCulture));
}

/// <summary>
/// The dossier use cases behind the HTTP functions: each loads, checks with the domain rules,
/// writes conditionally on the ETag (with its audit entry in the same transaction) and maps the
/// outcome to a result. Authorization of the unit is done by the endpoint before this runs.
/// </summary>
internal sealed partial class DossierService(
    DossierStore store,
    EvaluationResultStore evaluations,
    DossierProjection projection,
    BlobServiceClient blobs,
    IBlobSasIssuer sas,
    DossierFilePins pins,
    DossierFileInspector inspector,
    QueueServiceClient queues,
    PlanCatalogue catalogue,
    CriteriaEngine engine,
    DossierRuleBook rules,
    IUnitHierarchy units,
    DossierClock clock,
    IOptions<DossierOptions> options,
    IntegrationEventsOptions events,
    ILogger<DossierService> logger)
{
    private readonly DossierOptions _options = options.Value;
    private readonly BlobContainerClient _files = blobs.GetBlobContainerClient(DossierStorageNames.FilesContainer);

    public async Task<IResult> CreateAsync(DossierInput input, Caller caller, CancellationToken ct)
    {
        var problems = new List<DossierProblem>();
        if (!PlanId.TryParse(input.PlanId, out var planId) || !catalogue.TryGet(planId, out var plan))
            return DossierProblems.UnknownPlan(input.PlanId, catalogue.PlanIds);
        var unit = input.NominatingUnitCode ?? "";
        var stage = DossierInputReader.Stage(input.Stage, problems);
        var nominee = DossierInputReader.Nominee(input.Nominee, problems);
        if (input.NominationYear is null)
            problems.Add(new("required", DossierFields.NominationYear, "Năm đề nghị là bắt buộc.", "The nomination year is required."));
        if (problems.Count > 0) return DossierProblems.Invalid(problems);
        var now = clock.UtcNow;
        var dossier = new Dossier
        {
            Id = DossierId.New(unit).Value,
            PlanId = plan.Id,
            Stage = stage!,
            NominatingUnitCode = unit,
            Nominee = nominee!,
            AwardFormId = input.AwardFormId ?? "",
            NominationYear = input.NominationYear!.Value,
            Statistics = input.Statistics ?? [],
            Facts = input.Facts ?? default,
            AchievementsSummary = input.AchievementsSummary,
            CreatedAt = now,
            CreatedBy = caller.Actor,
            UpdatedAt = now,
        };
        problems.AddRange(ValidateData(plan, dossier));
        if (problems.Count > 0) return DossierProblems.Invalid(problems);
        var write = await store.CreateAsync(dossier, Audit(dossier, caller, DossierAction.Create, null, [], null), ct);
        if (write.Outcome != DossierWriteOutcome.Succeeded) throw new InvalidOperationException($"A new dossier id collided: {dossier.Id}.");
        await projection.UpsertAsync(dossier, ct);
        return View(dossier, write.ETag!, StatusCodes.Status201Created);
    }

    public async Task<IResult> GetAsync(DossierId id, CancellationToken ct) =>
        await store.GetAsync(id, ct) is { } s ? View(s.Dossier, s.ETag) : DossierProblems.DossierNotFound();

    public async Task<IResult> UpdateAsync(DossierId id, string? ifMatch, DossierInput input, Caller caller, CancellationToken ct)
    {
        if (ifMatch is null) return DossierProblems.IfMatchRequired();
        var current = await store.GetAsync(id, ct);
        if (current is null) return DossierProblems.DossierNotFound();
        if (current.ETag != ifMatch) return DossierProblems.Stale(current);
        var d = current.Dossier;
        if (!DossierWorkflow.IsEditable(d.Status)) return DossierProblems.InvalidTransition(d.Status, DossierAction.Edit);
        var plan = Plan(d);
        var problems = new List<DossierProblem>();
        var nominee = input.Nominee is null ? d.Nominee : DossierInputReader.Nominee(input.Nominee, problems);
        if (problems.Count > 0) return DossierProblems.Invalid(problems);
        var updated = d with
        {
            Nominee = nominee!,
            AwardFormId = input.AwardFormId ?? d.AwardFormId,
            NominationYear = input.NominationYear ?? d.NominationYear,
            Statistics = input.Statistics ?? d.Statistics,
            Facts = input.Facts ?? d.Facts,
            AchievementsSummary = input.AchievementsSummary ?? d.AchievementsSummary,
            UpdatedAt = clock.UtcNow,
        };
        var changes = Changes(d, updated);
        if (d.Status == DossierStatus.Returned)
        {
            var allowed = d.Supplement.Where(s => s.Field is not null).Select(s => s.Field!).ToHashSet(StringComparer.Ordinal);
            foreach (var change in changes.Where(c => !allowed.Contains(c.Field)))
                problems.Add(new("not-requested", change.Field,
                    $"Hồ sơ bị trả lại chỉ để bổ sung: {Requested(d)}; không được sửa '{change.Field}'.",
                    $"The dossier was returned for supplement of: {Requested(d)}; '{change.Field}' may not be changed."));
            if (problems.Count > 0) return DossierProblems.Invalid(problems);
        }
        problems.AddRange(ValidateData(plan, updated));
        if (problems.Count > 0) return DossierProblems.Invalid(problems);
        var write = await store.UpdateAsync(updated, current.ETag, Audit(updated, caller, DossierAction.Edit, d.Status, changes, null), null, null, ct);
        if (write.Outcome != DossierWriteOutcome.Succeeded) return DossierProblems.Stale(await store.GetAsync(id, ct));
        await projection.UpsertAsync(updated, ct); // the award form or the nominee's kind may have changed
        return View(updated, write.ETag!);
    }

    public async Task<IResult> AddFileAsync(DossierId id, string? ifMatch, FileInput input, Caller caller, CancellationToken ct)
    {
        var componentId = input.ComponentId ?? "";
        var (fileName, nameProblem) = FileName.Check(input.FileName);
        DossierFile? added = null;
        var result = await ChangeAsync(id, ifMatch, caller, DossierAction.Edit, (d, problems) =>
        {
            if (!DossierWorkflow.IsEditable(d.Status)) return null;
            var components = rules.ComponentsOf(Plan(d));
            if (!components.Any(c => c.Id == componentId))
                problems.Add(new("unknown-component", "componentId", $"Thành phần '{componentId}' không có trong hồ sơ của kế hoạch. Các thành phần: {string.Join(", ", components.Select(c => c.Id))}.",
                    $"Component '{componentId}' is not part of the plan's dossier. Components: {string.Join(", ", components.Select(c => c.Id))}."));
            if (nameProblem is not null) problems.Add(nameProblem);
            if (input.Size is { } size && size > _options.FileLimits.MaxFileBytes)
                problems.Add(new("file-too-large", "size", $"Tệp {Mb(size)} vượt giới hạn {_options.MaxFileMegabytes} MB mỗi tệp.", $"A {Mb(size)} file exceeds the limit of {_options.MaxFileMegabytes} MB per file."));
            if (d.Files.Count(f => f.State != FileState.Rejected) >= _options.MaxFilesPerDossier)
                problems.Add(new("too-many-files", "files", $"Hồ sơ có tối đa {_options.MaxFilesPerDossier} tệp.", $"A dossier holds at most {_options.MaxFilesPerDossier} files."));
            if (d.Status == DossierStatus.Returned && !d.Supplement.Any(s => s.ComponentId == componentId))
                problems.Add(new("not-requested", "componentId", $"Hồ sơ bị trả lại chỉ để bổ sung: {Requested(d)}; không được thêm tệp cho '{componentId}'.",
                    $"The dossier was returned for supplement of: {Requested(d)}; no files may be added to '{componentId}'."));
            if (problems.Count > 0) return d;
            var fileId = Guid.NewGuid().ToString("N");
            added = new DossierFile { Id = fileId, ComponentId = componentId, StoredName = d.Id + "/" + fileId, OriginalName = fileName!, AddedAt = clock.UtcNow };
            return d with { Files = [.. d.Files, added], UpdatedAt = clock.UtcNow };
        }, ct);
        if (added is null || result.Written is null) return result.Error!;
        await _files.CreateIfNotExistsAsync(cancellationToken: ct);
        var upload = await sas.IssueUploadAsync(DossierStorageNames.FilesContainer, DossierStorageNames.StagingName(id.Value, added.Id), TimeSpan.FromMinutes(_options.UploadSasMinutes), ct);
        return Results.Json(new
        {
            file = added,
            upload = UploadInstructions(upload),
            etag = result.Written.ETag,
        }, DossierStorageNames.Json, statusCode: StatusCodes.Status201Created);
    }

    public async Task<IResult> UploadUrlAsync(DossierId id, string fileId, CancellationToken ct)
    {
        var s = await store.GetAsync(id, ct);
        var file = s?.Dossier.Files.FirstOrDefault(f => f.Id == fileId);
        if (s is null || file is null) return DossierProblems.FileNotFound();
        if (file.State != FileState.Pending || !DossierWorkflow.IsEditable(s.Dossier.Status))
            return DossierProblems.Refused([new("file-not-pending", "files." + fileId, "Tệp đã được xác nhận hoặc bị từ chối; không tải lên tiếp được.", "The file was already confirmed or rejected; it cannot be uploaded to.")]);
        var upload = await sas.IssueUploadAsync(DossierStorageNames.FilesContainer, DossierStorageNames.StagingName(id.Value, file.Id), TimeSpan.FromMinutes(_options.UploadSasMinutes), ct);
        return Results.Json(new { file, upload = UploadInstructions(upload) }, DossierStorageNames.Json);
    }

    public async Task<IResult> BlocksAsync(DossierId id, string fileId, CancellationToken ct)
    {
        var s = await store.GetAsync(id, ct);
        var file = s?.Dossier.Files.FirstOrDefault(f => f.Id == fileId);
        if (s is null || file is null) return DossierProblems.FileNotFound();
        // The browser's create/write link cannot read the block list; the server reports the staged blocks for a resume.
        IReadOnlyList<BlobBlock> committed = [], uncommitted = [];
        try
        {
            var list = (await _files.GetBlockBlobClient(DossierStorageNames.StagingName(id.Value, file.Id)).GetBlockListAsync(BlockListTypes.All, cancellationToken: ct)).Value;
            (committed, uncommitted) = ([.. list.CommittedBlocks], [.. list.UncommittedBlocks]);
        }
        catch (RequestFailedException ex) when (ex.Status == StatusCodes.Status404NotFound)
        {
            // Nothing staged yet.
        }
        return Results.Json(new
        {
            fileId,
            committed = committed.Select(b => new { id = b.Name, size = b.SizeLong }),
            uncommitted = uncommitted.Select(b => new { id = b.Name, size = b.SizeLong }),
            committedBytes = committed.Sum(b => b.SizeLong),
            uncommittedBytes = uncommitted.Sum(b => b.SizeLong),
        }, DossierStorageNames.Json);
    }

    /// <summary>
    /// Confirms an uploaded file. The upload link writes only the staging blob, and may still write it after this; so the
    /// staged bytes are first copied to a pinned name that no link can write, and that copy is what is inspected, hashed,
    /// recorded and later served. A half-finished upload is refused and its staged blocks are left for the resume.
    /// </summary>
    public async Task<IResult> ConfirmFileAsync(DossierId id, string fileId, Caller caller, CancellationToken ct)
    {
        var s = await store.GetAsync(id, ct);
        var file = s?.Dossier.Files.FirstOrDefault(f => f.Id == fileId);
        if (s is null || file is null) return DossierProblems.FileNotFound();
        if (!DossierWorkflow.IsEditable(s.Dossier.Status)) return DossierProblems.InvalidTransition(s.Dossier.Status, DossierAction.Edit);
        if (file.State == FileState.Accepted) return View(s.Dossier, s.ETag);
        if (file.State == FileState.Rejected)
            return DossierProblems.Refused([new("file-rejected", "files." + fileId, file.RejectionReason ?? "", file.RejectionReason ?? "")]);

        var field = "files." + fileId;
        var staging = DossierStorageNames.StagingName(id.Value, fileId);
        var others = s.Dossier.Files.Where(f => f.State == FileState.Accepted).Sum(f => f.Size ?? 0);
        var pinned = DossierStorageNames.PinnedName(id.Value, fileId, Guid.NewGuid());
        var pin = await pins.PinAsync(DossierStorageNames.FilesContainer, staging, pinned, _options.FileLimits.MaxFileBytes, ct);
        if (pin == PinOutcome.NoBlob)
            return DossierProblems.Refused([DossierFileInspector.UploadIncomplete(field, file.OriginalName)]);
        // Too large: refused from the staging blob's size alone, nothing copied.
        var inspection = pin == PinOutcome.TooLarge
            ? await inspector.InspectAsync(DossierStorageNames.FilesContainer, staging, field, file.OriginalName, others, _options.FileLimits, ct)
            : await inspector.InspectAsync(DossierStorageNames.FilesContainer, pinned, field, file.OriginalName, others, _options.FileLimits, ct);
        if (inspection.Problem is { } problem)
        {
            // Rejected bytes never stay in storage; the dossier keeps the reason to show.
            await _files.DeleteBlobIfExistsAsync(pinned, cancellationToken: ct);
            await _files.DeleteBlobIfExistsAsync(staging, cancellationToken: ct);
            await ChangeAsync(id, null, caller, DossierAction.Edit, (d, _) => d with
            {
                Files = [.. d.Files.Select(f => f.Id == fileId && f.State == FileState.Pending
                    ? f with { State = FileState.Rejected, Size = inspection.Size, RejectionReason = problem.MessageVi + " / " + problem.MessageEn }
                    : f)],
                UpdatedAt = clock.UtcNow,
            }, ct, note: problem.MessageEn);
            return DossierProblems.Refused([problem]);
        }
        var pinnedBlob = _files.GetBlobClient(pinned);
        await pinnedBlob.SetHttpHeadersAsync(new BlobHttpHeaders
        {
            ContentType = FileInspection.MimeType(inspection.Kind!.Value),
            ContentDisposition = ContentDispositions.AttachmentDisposition(file.OriginalName),
        }, cancellationToken: ct);
        await pinnedBlob.SetMetadataAsync(new Dictionary<string, string>
        {
            ["sha256"] = inspection.Sha256!,
            ["originalname"] = Uri.EscapeDataString(file.OriginalName),
            ["dossier"] = id.Value,
            ["component"] = file.ComponentId,
        }, cancellationToken: ct);
        var result = await ChangeAsync(id, null, caller, DossierAction.Edit, (d, problems) =>
        {
            var current = d.Files.FirstOrDefault(f => f.Id == fileId);
            if (current is not { State: FileState.Pending })
            {
                // Confirmed (or removed) meanwhile by another request: that one's copy stands.
                problems.Add(new("file-not-pending", field, "Tệp đã được xác nhận, bị từ chối hoặc bị xóa trong lúc kiểm tra.", "The file was confirmed, rejected or removed while it was being checked."));
                return d;
            }
            var total = d.Files.Where(f => f.State == FileState.Accepted && f.Id != fileId).Sum(f => f.Size ?? 0) + inspection.Size;
            if (total > _options.FileLimits.MaxDossierBytes)
            {
                problems.Add(new("dossier-too-large", field, $"Hồ sơ vượt giới hạn {_options.MaxDossierMegabytes} MB.", $"The dossier exceeds {_options.MaxDossierMegabytes} MB."));
                return d;
            }
            return d with
            {
                Files = [.. d.Files.Select(f => f.Id == fileId
                    ? f with { State = FileState.Accepted, StoredName = pinned, Size = inspection.Size, Kind = inspection.Kind, Sha256 = inspection.Sha256 }
                    : f)],
                UpdatedAt = clock.UtcNow,
            };
        }, ct);
        if (result.Written is null)
        {
            // The dossier did not take this copy; the staged upload stays so that the user can confirm again.
            await _files.DeleteBlobIfExistsAsync(pinned, cancellationToken: ct);
            return result.Error!;
        }
        await _files.DeleteBlobIfExistsAsync(staging, cancellationToken: ct); // the staging sweep removes it if this is lost
        return View(result.Written.Dossier, result.Written.ETag);
    }

    public async Task<IResult> DeleteFileAsync(DossierId id, string fileId, string? ifMatch, Caller caller, CancellationToken ct)
    {
        DossierFile? removed = null;
        var result = await ChangeAsync(id, ifMatch, caller, DossierAction.Edit, (d, problems) =>
        {
            if (!DossierWorkflow.IsEditable(d.Status)) return null;
            removed = d.Files.FirstOrDefault(f => f.Id == fileId);
            if (removed is null)
            {
                problems.Add(new("not-found", "files." + fileId, "Không có tệp này.", "No such file."));
                return d;
            }
            if (d.Status == DossierStatus.Returned && !d.Supplement.Any(s => s.ComponentId == removed.ComponentId))
            {
                problems.Add(new("not-requested", "files." + fileId, $"Hồ sơ bị trả lại chỉ để bổ sung: {Requested(d)}.", $"The dossier was returned for supplement of: {Requested(d)}."));
                return d;
            }
            return d with { Files = [.. d.Files.Where(f => f.Id != fileId)], UpdatedAt = clock.UtcNow };
        }, ct);
        if (result.Written is null) return result.Error!;
        await _files.DeleteBlobIfExistsAsync(removed!.StoredName, cancellationToken: ct);
        await _files.DeleteBlobIfExistsAsync(DossierStorageNames.StagingName(id.Value, removed.Id), cancellationToken: ct);
        return View(result.Written.Dossier, result.Written.ETag);
    }

    public async Task<IResult> DownloadAsync(DossierId id, string fileId, bool inline, CancellationToken ct)
    {
        var s = await store.GetAsync(id, ct);
        var file = s?.Dossier.Files.FirstOrDefault(f => f.Id == fileId && f.State == FileState.Accepted);
        if (s is null || file is null) return DossierProblems.FileNotFound();
        // Viewed in the page (reviewers' console): only kinds a browser renders itself, sniffed at confirmation.
        var viewable = inline && file.Kind is FileKind.Pdf or FileKind.Png or FileKind.Jpeg;
        var lifetime = TimeSpan.FromMinutes(_options.DownloadSasMinutes);
        // Read-only, for the pinned copy that was inspected; the type and disposition are signed into the link, so
        // neither what the blob stores nor the caller decides how a browser treats it.
        var contentType = file.Kind is { } kind ? FileInspection.MimeType(kind) : "application/octet-stream";
        var url = viewable
            ? await sas.IssueInlineAsync(DossierStorageNames.FilesContainer, file.StoredName, file.OriginalName, contentType, lifetime, ct)
            : await sas.IssueDownloadAsync(DossierStorageNames.FilesContainer, file.StoredName, file.OriginalName, contentType, lifetime, ct);
        return Results.Json(new { url = url.Uri, expiresOn = url.ExpiresOn, fileName = file.OriginalName, size = file.Size, sha256 = file.Sha256, kind = file.Kind, inline = viewable }, DossierStorageNames.Json);
    }

    public async Task<IResult> SubmitAsync(DossierId id, string? ifMatch, Caller caller, CancellationToken ct)
    {
        if (ifMatch is null) return DossierProblems.IfMatchRequired();
        for (var attempt = 0; ; attempt++)
        {
            var current = await store.GetAsync(id, ct);
            if (current is null) return DossierProblems.DossierNotFound();
            if (current.ETag != ifMatch) return DossierProblems.Stale(current);
            var d = current.Dossier;
            if (DossierWorkflow.Next(d.Status, DossierAction.Submit) is not { } next) return DossierProblems.InvalidTransition(d.Status, DossierAction.Submit);
            var plan = Plan(d);
            var problems = new List<DossierProblem>(DossierChecks.Completeness(d, rules.ComponentsOf(plan)));
            var now = clock.UtcNow;
            // The plan's deadline binds the first submission; a supplement after a return is awaited by the reviewer.
            if (d.Revision == 0 && DossierChecks.Deadline(rules.SubmissionDeadline(plan, d.Stage, d.NominatingUnitCode), now) is { } late) problems.Add(late);
            QuotaSlotChange? slot = null;
            var limit = rules.QuotaFor(plan, d.AwardFormId, d.Nominee.Kind, d.NominatingUnitCode, units.IsWithin);
            if (limit is not null)
            {
                var key = DossierStore.QuotaKey(d);
                var slots = await store.GetQuotaAsync(d.NominatingUnitCode, key, ct);
                if (DossierChecks.Quota(limit, slots.Holders, d.Id, d.Nominee.Kind, d.AwardFormId) is { } over) problems.Add(over);
                else if (!slots.Holders.Contains(d.Id)) slot = new QuotaSlotChange(key, [.. slots.Holders, d.Id], slots.ETag);
            }
            if (problems.Count > 0) return DossierProblems.Refused(problems);
            var submitted = d with
            {
                Status = next,
                Revision = d.Revision + 1,
                SubmittedAt = now,
                UpdatedAt = now,
                Evaluation = null,
                Reviewer = null,
            };
            var write = await store.UpdateAsync(submitted, current.ETag, Audit(submitted, caller, DossierAction.Submit, d.Status, [], null), slot,
                events.Enabled ? DossierEvents.Submitted(submitted) : null, ct);
            if (write.Outcome == DossierWriteOutcome.QuotaChanged && attempt < 5) continue;
            if (write.Outcome != DossierWriteOutcome.Succeeded) return DossierProblems.Stale(await store.GetAsync(id, ct));
            await EnqueueAsync(submitted, ct);
            await projection.UpsertAsync(submitted, ct);
            return View(submitted, write.ETag!, StatusCodes.Status202Accepted);
        }
    }

    public async Task EnqueueAsync(Dossier d, CancellationToken ct)
    {
        try
        {
            // The service client encodes messages base64, as the Functions host's queue trigger reads them.
            var queue = queues.GetQueueClient(DossierStorageNames.EvaluationQueue);
            await queue.CreateIfNotExistsAsync(cancellationToken: ct);
            await queue.SendMessageAsync(JsonSerializer.Serialize(EvaluationMessage.For(d.Id, d.Revision), DossierStorageNames.Json), ct);
        }
#pragma warning disable CA1031 // the submission is committed; the reminder timer re-enqueues a dossier left without a message
        catch (Exception ex) when (!ct.IsCancellationRequested)
#pragma warning restore CA1031
        {
            LogEnqueueFailed(logger, ex, d.Id, d.Revision);
        }
    }

    public async Task<IResult> ReviewAsync(DossierId id, string? ifMatch, ReviewInput input, Caller caller, CancellationToken ct)
    {
        if (ifMatch is null) return DossierProblems.IfMatchRequired();
        DossierAction action;
        try
        {
            action = JsonSerializer.Deserialize<DossierAction>("\"" + (input.Action ?? "") + "\"", DossierStorageNames.Json);
        }
        catch (JsonException)
        {
            action = DossierAction.Create;
        }
        var reviewerActions = new[] { DossierAction.StartReview, DossierAction.Return, DossierAction.Approve, DossierAction.Reject, DossierAction.Forward, DossierAction.Decide, DossierAction.RetryEvaluation };
        if (!reviewerActions.Contains(action))
            return DossierProblems.Invalid([new("invalid-action", "action", $"Thao tác '{input.Action}' không có. Dùng: {string.Join(", ", reviewerActions.Select(DossierProblems.Word))}.",
                $"Unknown action '{input.Action}'. Use: {string.Join(", ", reviewerActions.Select(DossierProblems.Word))}.")]);
        var current = await store.GetAsync(id, ct);
        if (current is null) return DossierProblems.DossierNotFound();
        if (current.ETag != ifMatch) return DossierProblems.Stale(current);
        var d = current.Dossier;
        if (DossierWorkflow.Next(d.Status, action) is not { } next) return DossierProblems.InvalidTransition(d.Status, action);
        if (d.Status == DossierStatus.UnderReview && d.Reviewer is { } owner && owner != caller.Actor)
            return DossierProblems.Stale(current);
        var problems = new List<DossierProblem>();
        var supplement = d.Supplement;
        if (action == DossierAction.Return)
        {
            var components = rules.ComponentsOf(Plan(d)).Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
            var items = input.Items ?? [];
            if (items.Count == 0)
                problems.Add(new("required", "items", "Trả lại để bổ sung phải nêu ít nhất một thành phần hoặc trường cần sửa, kèm lý do.", "A return for supplement must name at least one component or field to fix, with a reason."));
            for (var i = 0; i < items.Count; i++)
            {
                var item = items[i];
                if ((item.ComponentId is null) == (item.Field is null))
                    problems.Add(new("invalid-item", $"items[{i}]", "Mỗi mục nêu đúng một thành phần (componentId) hoặc một trường (field).", "Each item names exactly one component (componentId) or one field (field)."));
                else if (item.ComponentId is not null && !components.Contains(item.ComponentId))
                    problems.Add(new("unknown-component", $"items[{i}].componentId", $"Thành phần '{item.ComponentId}' không có. Các thành phần: {string.Join(", ", components)}.", $"Unknown component '{item.ComponentId}'. Components: {string.Join(", ", components)}."));
                else if (item.Field is not null && !DossierFields.All.Contains(item.Field))
                    problems.Add(new("unknown-field", $"items[{i}].field", $"Trường '{item.Field}' không có. Các trường: {string.Join(", ", DossierFields.All)}.", $"Unknown field '{item.Field}'. Fields: {string.Join(", ", DossierFields.All)}."));
                if (string.IsNullOrWhiteSpace(item.Reason))
                    problems.Add(new("required", $"items[{i}].reason", "Lý do là bắt buộc.", "The reason is required."));
            }
            supplement = [.. items.Select(i => new SupplementItem(i.ComponentId, i.Field, i.Reason?.Trim() ?? ""))];
        }
        if (action is DossierAction.Reject or DossierAction.Decide && string.IsNullOrWhiteSpace(input.Note))
            problems.Add(new("required", "note", action == DossierAction.Reject ? "Lý do không đạt là bắt buộc." : "Số, ngày quyết định khen thưởng là bắt buộc.",
                action == DossierAction.Reject ? "The reason for rejecting is required." : "The decision's number and date are required."));
        if (problems.Count > 0) return DossierProblems.Invalid(problems);

        var now = clock.UtcNow;
        var updated = d with
        {
            Status = next,
            Supplement = supplement,
            Reviewer = next == DossierStatus.UnderReview ? caller.Actor : d.Reviewer,
            DecisionNote = input.Note ?? d.DecisionNote,
            UpdatedAt = now,
        };
        QuotaSlotChange? slot = null;
        if (action == DossierAction.Reject)
        {
            var key = DossierStore.QuotaKey(d);
            var slots = await store.GetQuotaAsync(d.NominatingUnitCode, key, ct);
            if (slots.Holders.Contains(d.Id)) slot = new QuotaSlotChange(key, [.. slots.Holders.Where(h => h != d.Id)], slots.ETag);
        }
        var changes = Changes(d, updated);
        var write = await store.UpdateAsync(updated, current.ETag, Audit(updated, caller, action, d.Status, changes, input.Note), slot,
            events.Enabled ? DossierEvents.Decided(updated, action) : null, ct);
        if (write.Outcome != DossierWriteOutcome.Succeeded) return DossierProblems.Stale(await store.GetAsync(id, ct));
        if (action == DossierAction.RetryEvaluation) await EnqueueAsync(updated, ct);
        await projection.UpsertAsync(updated, ct);
        return View(updated, write.ETag!);
    }

    public async Task<IResult> AuditAsync(DossierId id, CancellationToken ct) =>
        await store.GetAsync(id, ct) is null ? DossierProblems.DossierNotFound() : Results.Json(await store.AuditAsync(id, ct), DossierStorageNames.Json);

    public async Task<IResult> EvaluationsAsync(DossierId id, CancellationToken ct) =>
        await store.GetAsync(id, ct) is null ? DossierProblems.DossierNotFound() : Results.Json(await evaluations.ListAsync(id.Value, ct), DossierStorageNames.Json);

    public async Task<IResult> ExportAsync(ICurrentUser user, string? planId, string? stageKind, int? stageYear, string? awardFormId, string? format, CancellationToken ct)
    {
        if (!PlanId.TryParse(planId, out var pid) || !catalogue.TryGet(pid, out var plan)) return DossierProblems.UnknownPlan(planId, catalogue.PlanIds);
        var problems = new List<DossierProblem>();
        var stage = DossierInputReader.Stage(new StageInput(stageKind, stageYear), problems);
        var award = plan.AwardForms.FirstOrDefault(a => a.Id == awardFormId);
        if (award is null)
            problems.Add(new("unknown-award-form", "awardFormId", $"Kế hoạch {plan.Id} không có hình thức khen thưởng '{awardFormId}'. Các hình thức: {string.Join(", ", plan.AwardForms.Select(a => a.Id))}.",
                $"Plan {plan.Id} has no award form '{awardFormId}'. Award forms: {string.Join(", ", plan.AwardForms.Select(a => a.Id))}."));
        var fmt = (format ?? "xlsx").ToLowerInvariant();
        if (fmt is not ("xlsx" or "csv"))
            problems.Add(new("invalid-format", "format", "Định dạng là 'xlsx' hoặc 'csv'.", "The format is 'xlsx' or 'csv'."));
        if (problems.Count > 0) return DossierProblems.Invalid(problems);
        var filter = user.ReadFilter;
        var rows = new List<(Dossier D, NomineeListRow Row)>();
        await foreach (var s in store.ListAsync(filter.Reach == UnitScopeReach.Unit ? filter.UnitCode : null, plan.Id,
                           [DossierStatus.Approved, DossierStatus.Forwarded, DossierStatus.Decided], ct))
        {
            var d = s.Dossier;
            if (!filter.Matches(d.NominatingUnitCode) || d.Stage != stage || d.AwardFormId != award!.Id) continue;
            rows.Add((d, new NomineeListRow(d.Nominee.Name, UnitName(d.NominatingUnitCode), d.AchievementsSummary ?? "", award.Name, d.Id)));
        }
        var ordered = rows.OrderBy(r => r.D.NominatingUnitCode, StringComparer.Ordinal).ThenBy(r => r.D.Nominee.Name, StringComparer.Ordinal).Select(r => r.Row).ToList();
        var baseName = $"danh-sach-{plan.Id}-{DossierChecks.Word(stage!.Kind)}-{stage.Year}-{award!.Id}";
        if (fmt == "csv")
            return Results.File(NomineeListExport.Csv(ordered), "text/csv; charset=utf-8", baseName + ".csv");
        var title = $"DANH SÁCH ĐỀ NGHỊ {award.Name.ToUpper(System.Globalization.CultureInfo.GetCultureInfo("vi-VN"))}";
        var subtitle = $"(Kèm theo Tờ trình đề nghị khen thưởng – {plan.Title}; giai đoạn {DossierChecks.Word(stage.Kind)} {stage.Year})";
        return Results.File(NomineeListExport.Xlsx(title, subtitle, ordered), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", baseName + ".xlsx");
    }

    /// <summary>
    /// Counts of nominations for the dashboards, from the read model the workflow and the evaluation keep:
    /// one plan, optionally one stage and one unit's subtree, only units the caller may read.
    /// </summary>
    public async Task<IResult> CountsAsync(ICurrentUser user, string? planId, string? stageKind, int? stageYear, string? unitCode, CancellationToken ct)
    {
        if (!PlanId.TryParse(planId, out var pid) || !catalogue.TryGet(pid, out var plan)) return DossierProblems.UnknownPlan(planId, catalogue.PlanIds);
        var problems = new List<DossierProblem>();
        DossierStage? stage = null;
        if (stageKind is not null || stageYear is not null)
            stage = DossierInputReader.Stage(new StageInput(stageKind, stageYear), problems);
        if (problems.Count > 0) return DossierProblems.Invalid(problems);
        if (unitCode is not null && !user.CanRead(unitCode)) return Results.StatusCode(StatusCodes.Status403Forbidden);
        var filter = user.ReadFilter;
        var statuses = Enum.GetValues<DossierStatus>().Select(DossierStore.StatusWord).ToList();
        var total = new NominationTally(statuses);
        var byAward = new SortedDictionary<string, NominationTally>(StringComparer.Ordinal);
        var byUnit = new SortedDictionary<string, NominationTally>(StringComparer.Ordinal);
        foreach (var a in plan.AwardForms) byAward[a.Id] = new NominationTally(statuses);
        DateTimeOffset? latest = null;
        await foreach (var row in projection.ListAsync(plan.Id, stage is null ? null : DossierChecks.Word(stage.Kind), stage?.Year, ct))
        {
            if (!filter.Matches(row.UnitCode)) continue;
            if (unitCode is not null && !units.IsWithin(row.UnitCode, unitCode)) continue;
            total.Add(row);
            (byAward.TryGetValue(row.AwardFormId, out var a) ? a : byAward[row.AwardFormId] = new NominationTally(statuses)).Add(row);
            (byUnit.TryGetValue(row.UnitCode, out var u) ? u : byUnit[row.UnitCode] = new NominationTally(statuses)).Add(row);
            if (latest is null || row.UpdatedAt > latest) latest = row.UpdatedAt;
        }
        return Results.Json(new
        {
            planId = plan.Id,
            stage = stage is null ? null : new { kind = DossierChecks.Word(stage.Kind), year = stage.Year },
            unitCode,
            total = total.Total,
            byStatus = total.ByStatus,
            byVerdict = total.ByVerdict,
            byAwardForm = byAward.Select(p => new { awardFormId = p.Key, name = plan.AwardForms.FirstOrDefault(a => a.Id == p.Key)?.Name, total = p.Value.Total, byStatus = p.Value.ByStatus, byVerdict = p.Value.ByVerdict }),
            byUnit = byUnit.Select(p => new { unitCode = p.Key, unitName = UnitName(p.Key), total = p.Value.Total, byStatus = p.Value.ByStatus, byVerdict = p.Value.ByVerdict }),
            updatedAt = latest,
        }, CountsJson);
    }

    // The counts keep their shape: null members (no stage, no unit, nothing counted yet) are written, not left out.
    private static readonly JsonSerializerOptions CountsJson = new(DossierStorageNames.Json) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.Never };

    internal Plan Plan(Dossier d) =>
        catalogue.TryGet(PlanId.Parse(d.PlanId), out var plan) ? plan : throw new InvalidOperationException($"Dossier {d.Id} names plan {d.PlanId}, which the catalogue no longer has.");

    internal IResult View(Dossier d, string etag, int status = StatusCodes.Status200OK)
    {
        var plan = Plan(d);
        var node = JsonSerializer.SerializeToNode(d, DossierStorageNames.Json)!.AsObject();
        node["etag"] = etag;
        node["components"] = JsonSerializer.SerializeToNode(rules.ComponentsOf(plan).Select(c => new
        {
            c.Id, c.Text, c.Template, c.Required,
            accepted = d.Files.Count(f => f.ComponentId == c.Id && f.State == FileState.Accepted),
        }), DossierStorageNames.Json);
        var deadline = rules.SubmissionDeadline(plan, d.Stage, d.NominatingUnitCode);
        node["deadline"] = deadline is null ? null : JsonSerializer.SerializeToNode(new { date = deadline.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), deadline.Clause, deadline.Text }, DossierStorageNames.Json);
        node["allowedActions"] = new JsonArray([.. DossierWorkflow.From(d.Status).Select(a => (JsonNode)JsonValue.Create(DossierProblems.Word(a.Action))!)]);
        return new EtagResult(Results.Json(node, DossierStorageNames.Json, statusCode: status), etag);
    }

    internal static string UnitName(string code)
    {
        var versions = Domain.Units.UnitRegistry.Embedded.VersionsOf(Domain.Units.UnitCode.Parse(code));
        return versions.Count > 0 ? $"{versions[^1].FullName} ({code})" : code;
    }

    internal static DossierAuditEntry Audit(Dossier d, Caller caller, DossierAction action, DossierStatus? from, IReadOnlyList<FieldChange> changes, string? note) =>
        new(d.Id, d.UpdatedAt, caller.Actor, action, from, d.Status, d.Revision, changes, note, caller.Ip, caller.App);

    private async Task<(StoredDossier? Written, IResult? Error)> ChangeAsync(DossierId id, string? ifMatch, Caller caller, DossierAction action,
        Func<Dossier, List<DossierProblem>, Dossier?> change, CancellationToken ct, string? note = null)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var current = await store.GetAsync(id, ct);
            if (current is null) return (null, DossierProblems.DossierNotFound());
            if (ifMatch is not null && current.ETag != ifMatch) return (null, DossierProblems.Stale(current));
            var problems = new List<DossierProblem>();
            var updated = change(current.Dossier, problems);
            if (updated is null) return (null, DossierProblems.InvalidTransition(current.Dossier.Status, action));
            if (problems.Count > 0) return (null, problems.Any(p => p.Code is "not-found") ? DossierProblems.FileNotFound() : DossierProblems.Invalid(problems));
            var write = await store.UpdateAsync(updated, current.ETag, Audit(updated, caller, action, current.Dossier.Status, Changes(current.Dossier, updated), note), null, null, ct);
            if (write.Outcome == DossierWriteOutcome.Succeeded) return (new StoredDossier(updated, write.ETag!), null);
            if (ifMatch is not null) return (null, DossierProblems.Stale(await store.GetAsync(id, ct)));
        }
        return (null, DossierProblems.Stale(await store.GetAsync(id, ct)));
    }

    private List<DossierProblem> ValidateData(Plan plan, Dossier d)
    {
        var problems = new List<DossierProblem>(DossierChecks.ValidateData(plan, d.Stage, d.Nominee, d.AwardFormId, d.NominationYear));
        if (d.AchievementsSummary is { Length: > 4000 })
            problems.Add(new("too-long", DossierFields.AchievementsSummary, "Tóm tắt thành tích tối đa 4000 ký tự.", "The achievements summary holds at most 4000 characters."));
        if (problems.Count == 0)
        {
            foreach (var e in engine.Validate(d.ToEvaluationRequest()))
                problems.Add(new("invalid-figures", e.Field == "subject.kind" ? "nominee.kind" : e.Field, e.MessageVi, e.MessageEn));
        }
        return problems;
    }

    private static List<FieldChange> Changes(Dossier before, Dossier after)
    {
        var list = new List<FieldChange>();
        void Compare<T>(string field, T a, T b)
        {
            var x = JsonSerializer.Serialize(a, DossierStorageNames.Json);
            var y = JsonSerializer.Serialize(b, DossierStorageNames.Json);
            if (x != y) list.Add(new FieldChange(field, Short(x), Short(y)));
        }
        Compare(DossierFields.Nominee, before.Nominee, after.Nominee);
        Compare(DossierFields.AwardForm, before.AwardFormId, after.AwardFormId);
        Compare(DossierFields.NominationYear, before.NominationYear, after.NominationYear);
        Compare(DossierFields.Statistics, before.Statistics, after.Statistics);
        Compare(DossierFields.Facts, before.Facts, after.Facts);
        Compare(DossierFields.AchievementsSummary, before.AchievementsSummary, after.AchievementsSummary);
        Compare("files", before.Files.Select(f => new { f.Id, f.ComponentId, f.OriginalName, f.State, f.Sha256 }), after.Files.Select(f => new { f.Id, f.ComponentId, f.OriginalName, f.State, f.Sha256 }));
        Compare("supplement", before.Supplement, after.Supplement);
        Compare("reviewer", before.Reviewer, after.Reviewer);
        Compare("decisionNote", before.DecisionNote, after.DecisionNote);
        return list;
    }

    private static string Mb(long bytes) => (bytes / 1048576d).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + " MB";

    private static string Short(string s) => s.Length <= 2000 ? s : s[..2000] + "…";

    private static string Requested(Dossier d) => string.Join(", ", d.Supplement.Select(s => s.ComponentId ?? s.Field));

    private static object UploadInstructions(BlobSasUri upload) => new
    {
        url = upload.Uri,
        expiresOn = upload.ExpiresOn,
        method = "PUT ?comp=block&blockid=… per block, then PUT ?comp=blocklist",
        maxBlockBytes = 4 * 1024 * 1024,
        blockIdRule = "base64 of a fixed-length ASCII text, the same length for every block of the file (e.g. 'block-000001')",
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dossier {DossierId} r{Revision} was submitted but its evaluation request could not be queued; the reminder timer will queue it again")]
    private static partial void LogEnqueueFailed(ILogger logger, Exception exception, string dossierId, int revision);
}

/// <summary>Counts of read-model rows: total, per status (every status, zeros included) and per verdict.</summary>
internal sealed class NominationTally
{
    public NominationTally(IEnumerable<string> statuses)
    {
        foreach (var s in statuses) ByStatus[s] = 0;
        foreach (var v in Enum.GetValues<Verdict>()) ByVerdict[JsonSerializer.Serialize(v).Trim('"')] = 0;
    }

    public int Total { get; private set; }

    public Dictionary<string, int> ByStatus { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, int> ByVerdict { get; } = new(StringComparer.Ordinal);

    public void Add(NominationRow row)
    {
        Total++;
        ByStatus[row.Status] = ByStatus.GetValueOrDefault(row.Status) + 1;
        if (row.Verdict is { } v) ByVerdict[v] = ByVerdict.GetValueOrDefault(v) + 1;
    }
}

/// <summary>Who calls, from where: for the audit trail.</summary>
/// <param name="Actor">Display name and user key.</param>
/// <param name="Ip">Client IP.</param>
/// <param name="App">User-Agent (shortened).</param>
internal sealed record Caller(string Actor, string? Ip, string? App)
{
    public static Caller From(HttpContext http, ICurrentUser user)
    {
        // The address Hosting/ClientAddress trusts: X-Forwarded-For counts only when a configured proxy appended it.
        var ip = http.TrustedClientAddress();
        var agent = http.Request.Headers.UserAgent.ToString();
        return new Caller($"{user.Name ?? "?"} ({user.Key})", ip, agent.Length > 200 ? agent[..200] : agent);
    }

    public static Caller System(string function) => new("system", null, function);
}

/// <summary>Adds the ETag header to a result.</summary>
internal sealed class EtagResult(IResult inner, string etag) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        httpContext.Response.Headers.ETag = etag;
        return inner.ExecuteAsync(httpContext);
    }
}
