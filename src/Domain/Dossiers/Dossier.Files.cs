namespace NoOneLeftBehind.Domain.Dossiers;

// The decisions on a dossier's files (see Dossier.Decisions.cs for the others): pure, like every decision.
public sealed partial record Dossier
{
    /// <summary>
    /// Adds a pending file <paramref name="fileId"/> to <paramref name="componentId"/>: the component must be the plan's,
    /// the name acceptable (<see cref="FileName.Check"/>), the declared size within the limit, the dossier below its
    /// file count; after a return, only to a component the return names.
    /// </summary>
    public DossierDecision AddFile(string componentId, string? fileName, long? size, string fileId, IReadOnlyList<ComponentRule> components,
        DossierFileLimits limits, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(components);
        ArgumentNullException.ThrowIfNull(limits);
        if (!IsEditable) return DossierDecision.NotAllowed(DossierAction.Edit);
        var (name, problems) = FileRules.NewFile(componentId, fileName, size, Files, components, limits);
        if (Status == DossierStatus.Returned && !Supplement.Any(s => s.ComponentId == componentId))
        {
            var text = components.FirstOrDefault(c => c.Id == componentId)?.Text.TrimEnd('.') ?? componentId;
            problems.Add(new("not-requested", "componentId", $"Hồ sơ bị trả lại chỉ để bổ sung: {Requested(components).Vi}; không được thêm tệp cho “{text}”.",
                $"The dossier was returned for supplement of: {Requested(components).En}; no files may be added to “{text}”."));
        }
        if (problems.Count > 0) return DossierDecision.Refuse(DossierAction.Edit, DossierRefusal.Invalid, problems);
        var added = new DossierFile { Id = fileId, ComponentId = componentId, StoredName = Id.Value + "/" + fileId, OriginalName = name!, AddedAt = now };
        return Changed(DossierAction.Edit, this with { Files = [.. Files, added], UpdatedAt = now });
    }

    /// <summary>
    /// Whether <paramref name="fileId"/> may be confirmed now, before its bytes are copied and inspected: null when it
    /// may; otherwise the refusal, or <see cref="DossierDecision.Unchanged"/> when it is already accepted.
    /// </summary>
    public DossierDecision? RefuseConfirmation(string fileId)
    {
        var file = Files.FirstOrDefault(f => f.Id == fileId);
        if (file is null) return DossierDecision.Refuse(DossierAction.Edit, DossierRefusal.NotFound, [NoSuchFile(fileId)]);
        if (!IsEditable) return DossierDecision.NotAllowed(DossierAction.Edit);
        return file.State switch
        {
            FileState.Accepted => DossierDecision.Unchanged(DossierAction.Edit, this),
            FileState.Rejected => DossierDecision.Refuse(DossierAction.Edit, DossierRefusal.Refused,
                [new("file-rejected", "files." + fileId, file.Rejection?.Vi ?? file.RejectionReason ?? "", file.Rejection?.En ?? file.RejectionReason ?? "")]),
            _ => null,
        };
    }

    /// <summary>
    /// Records the inspection of a pending file: refused bytes mark the file rejected with the reason (the bytes are
    /// gone); accepted bytes make it accepted with the pinned copy, unless the dossier's accepted files would then
    /// exceed <see cref="DossierFileLimits.MaxDossierBytes"/> (<c>dossier-too-large</c>). A file no longer pending
    /// (confirmed, rejected or removed meanwhile) is <c>file-not-pending</c>.
    /// </summary>
    public DossierDecision ConfirmFile(string fileId, InspectedFile inspected, DossierFileLimits limits, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(inspected);
        ArgumentNullException.ThrowIfNull(limits);
        var field = "files." + fileId;
        var pending = Files.Any(f => f.Id == fileId && f.State == FileState.Pending);
        if (inspected.Problem is { } problem)
        {
            if (!pending) return DossierDecision.Unchanged(DossierAction.Edit, this);
            var reason = new DossierText(problem.MessageVi, problem.MessageEn);
            return Changed(DossierAction.Edit, WithFile(fileId, f => f with { State = FileState.Rejected, Size = inspected.Size, Rejection = reason }, now), problem.MessageVi); // the history is written in Vietnamese (issue 17, item 7)
        }
        if (!pending)
        {
            return DossierDecision.Refuse(DossierAction.Edit, DossierRefusal.Invalid, [new("file-not-pending", field,
                "Tệp đã được xác nhận, bị từ chối hoặc bị xóa trong lúc kiểm tra.", "The file was confirmed, rejected or removed while it was being checked.")]);
        }
        if (FileRules.TotalTooLarge(Files, fileId, inspected.Size, limits) is { } tooLarge)
            return DossierDecision.Refuse(DossierAction.Edit, DossierRefusal.Invalid, [tooLarge]);
        return Changed(DossierAction.Edit, WithFile(fileId, f => f with
        {
            State = FileState.Accepted, StoredName = inspected.StoredName, Size = inspected.Size, Kind = inspected.Kind, Sha256 = inspected.Sha256,
        }, now));
    }

    /// <summary>Removes a file, while editable; after a return, only a file of a component the return names.</summary>
    public DossierDecision RemoveFile(string fileId, DateTimeOffset now)
    {
        if (!IsEditable) return DossierDecision.NotAllowed(DossierAction.Edit);
        var removed = Files.FirstOrDefault(f => f.Id == fileId);
        if (removed is null) return DossierDecision.Refuse(DossierAction.Edit, DossierRefusal.NotFound, [NoSuchFile(fileId)]);
        if (Status == DossierStatus.Returned && !Supplement.Any(s => s.ComponentId == removed.ComponentId))
        {
            return DossierDecision.Refuse(DossierAction.Edit, DossierRefusal.Invalid, [new("not-requested", "files." + fileId,
                $"Hồ sơ bị trả lại chỉ để bổ sung: {Requested().Vi}.", $"The dossier was returned for supplement of: {Requested().En}.")]);
        }
        return Changed(DossierAction.Edit, this with { Files = [.. Files.Where(f => f.Id != fileId)], UpdatedAt = now });
    }

    private Dossier WithFile(string fileId, Func<DossierFile, DossierFile> change, DateTimeOffset now) =>
        this with { Files = [.. Files.Select(f => f.Id == fileId ? change(f) : f)], UpdatedAt = now };

    private static DossierProblem NoSuchFile(string fileId) => new("not-found", "files." + fileId, "Không có tệp này.", "No such file.");
}
