using System.Globalization;

namespace NoOneLeftBehind.Domain.Dossiers;

/// <summary>
/// A list (danh sách trình) a body sends on, as a small aggregate (Bắc Giang IV.3.b: Sở LĐ-TB&amp;XH's tờ trình with
/// the list of nominees and its council's minutes, to the Chủ tịch UBND tỉnh via Sở Nội vụ by 05/12/2023). The body
/// assembles the dossiers it approved (and its own), attaches its documents, and submits it; submitting forwards each
/// listed dossier (<see cref="Forwarded"/> records those done, so a retry forwards the rest and nothing twice).
/// Every change is a pure decision; one writer applies it.
/// </summary>
public sealed record NomineeList
{
    /// <summary>Its id.</summary>
    public required NomineeListId Id { get; init; }
    /// <summary>The rule it follows (<see cref="NomineeListRule.Id"/>).</summary>
    public required string RuleId { get; init; }
    /// <summary>The administrative unit of the body (the partition of its dossiers' readers).</summary>
    public required string BodyUnitCode { get; init; }
    /// <summary>Draft or submitted.</summary>
    public NomineeListStatus Status { get; init; } = NomineeListStatus.Draft;
    /// <summary>The dossiers on it, by nominating unit and nominee.</summary>
    public IReadOnlyList<ListEntry> Entries { get; init; } = [];
    /// <summary>Its own documents (the tờ trình, the council's minutes).</summary>
    public IReadOnlyList<DossierFile> Files { get; init; } = [];
    /// <summary>The listed dossiers forwarded so far, after submission.</summary>
    public IReadOnlyList<string> Forwarded { get; init; } = [];
    /// <summary>Creation time (UTC).</summary>
    public required DateTimeOffset CreatedAt { get; init; }
    /// <summary>Who opened it.</summary>
    public required string CreatedBy { get; init; }
    /// <summary>Last change (UTC).</summary>
    public required DateTimeOffset UpdatedAt { get; init; }
    /// <summary>When it was submitted.</summary>
    public DateTimeOffset? SubmittedAt { get; init; }
    /// <summary>Who submitted it.</summary>
    public string? SubmittedBy { get; init; }

    /// <summary>The listed dossiers not forwarded yet (none before submission).</summary>
    public IReadOnlyList<ListEntry> PendingForwards =>
        Status == NomineeListStatus.Submitted ? [.. Entries.Where(e => !Forwarded.Contains(e.DossierId, StringComparer.Ordinal))] : [];

    /// <summary>A new, empty list for <paramref name="rule"/>.</summary>
    public static NomineeList Open(NomineeListId id, NomineeListRule rule, string bodyUnitCode, string actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return new NomineeList { Id = id, RuleId = rule.Id, BodyUnitCode = bodyUnitCode, CreatedAt = now, CreatedBy = actor, UpdatedAt = now };
    }

    /// <summary>
    /// Puts on the list every <paramref name="candidates"/> that may be on it (<see cref="ListCandidate.Eligible"/>), by
    /// nominating unit then nominee; only while a draft. Unchanged when the entries are the same.
    /// </summary>
    public NomineeListDecision Assemble(IReadOnlyList<ListCandidate> candidates, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        if (Status != NomineeListStatus.Draft) return NotDraft("assemble");
        var entries = candidates.Where(c => c.Eligible).Select(c => c.Entry)
            .OrderBy(e => e.Own).ThenBy(e => e.NominatingUnitCode, StringComparer.Ordinal).ThenBy(e => e.NomineeName, StringComparer.Ordinal).ThenBy(e => e.DossierId, StringComparer.Ordinal)
            .ToList();
        if (entries.SequenceEqual(Entries)) return NomineeListDecision.Unchanged("assemble", this);
        return NomineeListDecision.Change("assemble", this with { Entries = entries, UpdatedAt = now },
            $"Danh sách gồm {entries.Count.ToString(CultureInfo.InvariantCulture)} hồ sơ.");
    }

    /// <summary>Adds a pending document to one of the list's <paramref name="components"/> (as a dossier adds a file: <see cref="FileRules.NewFile"/>); only while a draft.</summary>
    public NomineeListDecision AddFile(string componentId, string? fileName, long? size, string fileId, IReadOnlyList<ComponentRule> components,
        DossierFileLimits limits, DateTimeOffset now)
    {
        if (Status != NomineeListStatus.Draft) return NotDraft("add-file");
        var (name, problems) = FileRules.NewFile(componentId, fileName, size, Files, components, limits);
        if (problems.Count > 0) return NomineeListDecision.Refuse("add-file", DossierRefusal.Invalid, problems);
        var added = new DossierFile { Id = fileId, ComponentId = componentId, StoredName = BlobPrefix + fileId, OriginalName = name!, AddedAt = now };
        return NomineeListDecision.Change("add-file", this with { Files = [.. Files, added], UpdatedAt = now }, name);
    }

    /// <summary>Records the inspection of a pending document: refused bytes reject it with the reason, accepted ones accept it within the size limit.</summary>
    public NomineeListDecision ConfirmFile(string fileId, InspectedFile inspected, DossierFileLimits limits, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(inspected);
        if (Status != NomineeListStatus.Draft) return NotDraft("confirm-file");
        if (Files.FirstOrDefault(f => f.Id == fileId) is not { } file) return NomineeListDecision.Refuse("confirm-file", DossierRefusal.NotFound, [NoSuchFile(fileId)]);
        if (file.State == FileState.Accepted) return NomineeListDecision.Unchanged("confirm-file", this);
        if (file.State == FileState.Rejected)
            return NomineeListDecision.Refuse("confirm-file", DossierRefusal.Refused, [new("file-rejected", "files." + fileId, file.Rejection?.Vi ?? "", file.Rejection?.En ?? "")]);
        if (inspected.Problem is { } problem)
            return NomineeListDecision.Change("confirm-file", WithFile(fileId, f => f with { State = FileState.Rejected, Size = inspected.Size, Rejection = new(problem.MessageVi, problem.MessageEn) }, now), problem.MessageVi);
        if (FileRules.TotalTooLarge(Files, fileId, inspected.Size, limits) is { } tooLarge)
            return NomineeListDecision.Refuse("confirm-file", DossierRefusal.Invalid, [tooLarge]);
        return NomineeListDecision.Change("confirm-file", WithFile(fileId, f => f with
        {
            State = FileState.Accepted, StoredName = inspected.StoredName, Size = inspected.Size, Kind = inspected.Kind, Sha256 = inspected.Sha256,
        }, now), file.OriginalName);
    }

    /// <summary>Removes a document; only while a draft.</summary>
    public NomineeListDecision RemoveFile(string fileId, DateTimeOffset now)
    {
        if (Status != NomineeListStatus.Draft) return NotDraft("remove-file");
        if (Files.FirstOrDefault(f => f.Id == fileId) is not { } file) return NomineeListDecision.Refuse("remove-file", DossierRefusal.NotFound, [NoSuchFile(fileId)]);
        return NomineeListDecision.Change("remove-file", this with { Files = [.. Files.Where(f => f.Id != fileId)], UpdatedAt = now }, file.OriginalName);
    }

    /// <summary>
    /// Submits (trình) the list. Refused, with every problem at once: an empty list (<c>empty-list</c>); a document of
    /// <paramref name="components"/> missing or unconfirmed; after <paramref name="deadline"/> (<c>deadline-passed</c>, the
    /// date written out); a listed dossier that may no longer be on it, as <paramref name="current"/> reads them now
    /// (<c>not-eligible</c>, naming it). A list already submitted is unchanged (a retry resumes its forwarding).
    /// </summary>
    public NomineeListDecision Submit(IReadOnlyList<ListCandidate> current, IReadOnlyList<ComponentRule> components, DossierDeadline deadline, string actor,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(deadline);
        if (Status == NomineeListStatus.Submitted) return NomineeListDecision.Unchanged("submit", this);
        var problems = new List<DossierProblem>();
        if (Entries.Count == 0)
            problems.Add(new("empty-list", "entries", "Danh sách chưa có hồ sơ nào: chỉ trình được hồ sơ đã duyệt (và hồ sơ của chính cơ quan).",
                "The list holds no dossier: only approved dossiers (and the body's own) can be submitted."));
        problems.AddRange(FileRules.Completeness(Files, components));
        if (Late(deadline, now) is { } late) problems.Add(late);
        for (var i = 0; i < Entries.Count; i++)
        {
            var entry = Entries[i];
            var read = current.FirstOrDefault(c => c.Entry.DossierId == entry.DossierId);
            if (read is { Eligible: true }) continue;
            var status = read is null ? "không còn" : DossierWords.Status(read.Status).Vi;
            var statusEn = read is null ? "gone" : DossierWords.Status(read.Status).En;
            problems.Add(new("not-eligible", $"entries[{i.ToString(CultureInfo.InvariantCulture)}]",
                $"Hồ sơ “{entry.NomineeName}” không còn đủ điều kiện trong danh sách (trạng thái: {status}); lập lại danh sách.",
                $"The dossier for “{entry.NomineeName}” may no longer be on the list (status: {statusEn}); assemble the list again."));
        }
        if (problems.Count > 0) return NomineeListDecision.Refuse("submit", DossierRefusal.Refused, problems);
        var submitted = this with
        {
            Status = NomineeListStatus.Submitted, Files = [.. Files.Where(f => f.State != FileState.Rejected)],
            SubmittedAt = now, SubmittedBy = actor, UpdatedAt = now,
        };
        return NomineeListDecision.Change("submit", submitted, $"Trình {Entries.Count.ToString(CultureInfo.InvariantCulture)} hồ sơ.");
    }

    /// <summary>Records that a listed dossier was forwarded; unchanged when it was already, or is not on the submitted list.</summary>
    public NomineeListDecision RecordForwarded(string dossierId, DateTimeOffset now)
    {
        if (Status != NomineeListStatus.Submitted || Forwarded.Contains(dossierId, StringComparer.Ordinal) || Entries.All(e => e.DossierId != dossierId))
            return NomineeListDecision.Unchanged("forwarded", this);
        return NomineeListDecision.Change("forwarded", this with { Forwarded = [.. Forwarded, dossierId], UpdatedAt = now }, dossierId);
    }

    /// <summary>Blob names of the list's documents start with this (never a dossier id, which starts with a digit).</summary>
    public string BlobPrefix => "lists/" + Id.Value + "/";

    /// <summary>Late when <paramref name="now"/> is after the deadline's day in Vietnam: the date in figures and in words, and the clause.</summary>
    public static DossierProblem? Late(DossierDeadline deadline, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(deadline);
        if (now <= deadline.EndsAt) return null;
        var d = deadline.Date;
        var words = string.Create(CultureInfo.InvariantCulture, $"ngày {d.Day:D2} tháng {d.Month:D2} năm {d.Year}");
        var wordsEn = d.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);
        var date = VietnamTime.Format(d);
        var today = VietnamTime.Format(VietnamTime.DateOf(now));
        return new("deadline-passed", "deadline",
            $"Đã quá hạn trình danh sách: hạn cuối là {words} ({date}, giờ Việt Nam, mục {deadline.Clause} của kế hoạch); hôm nay là {today}.",
            $"The list's deadline has passed: the last day was {wordsEn} ({date}, Asia/Ho_Chi_Minh, clause {deadline.Clause} of the plan); today is {today}.");
    }

    private static NomineeListDecision NotDraft(string action) => NomineeListDecision.Refuse(action, DossierRefusal.NotAllowed,
        [new("list-submitted", "status", "Danh sách đã trình; không thay đổi được nữa.", "The list was submitted; it can no longer change.")]);

    private NomineeList WithFile(string fileId, Func<DossierFile, DossierFile> change, DateTimeOffset now) =>
        this with { Files = [.. Files.Select(f => f.Id == fileId ? change(f) : f)], UpdatedAt = now };

    private static DossierProblem NoSuchFile(string fileId) => new("not-found", "files." + fileId, "Không có tệp này.", "No such file.");
}
