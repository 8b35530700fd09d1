using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using NoOneLeftBehind.Domain.Dossiers;
using NoOneLeftBehind.Domain.Plans;

namespace NoOneLeftBehind.Domain.Reports;

/// <summary>
/// Identifier of a report submission (nộp báo cáo): one per plan, stage, reporting unit and — for a nominating body's own
/// report — body: <c>{planId}~{stageKind}~{stageYear}~{unitCode}[~{bodyId}]</c>, e.g.
/// <c>bac-giang-so-ket-2023~mid-term~2023~24~bac-giang-so-ldtbxh</c>. Deterministic, so a retry never opens a second one.
/// </summary>
[JsonConverter(typeof(ReportSubmissionIdJsonConverter))]
public readonly record struct ReportSubmissionId
{
    private ReportSubmissionId(string planId, StageKind kind, int year, string unitCode, string? bodyId)
    {
        PlanId = planId;
        Kind = kind;
        Year = year;
        UnitCode = unitCode;
        BodyId = bodyId;
    }

    /// <summary>The plan.</summary>
    public string PlanId { get; }

    /// <summary>The stage's kind (annual, mid-term, final).</summary>
    public StageKind Kind { get; }

    /// <summary>The stage's year.</summary>
    public int Year { get; }

    /// <summary>The reporting unit (a body's unit for a body's report).</summary>
    public string UnitCode { get; }

    /// <summary>The reporting body, or null for the unit's people's committee.</summary>
    public string? BodyId { get; }

    /// <summary>The id text.</summary>
    public string Value => string.Join('~', new[] { PlanId, StageWord(Kind), Year.ToString(CultureInfo.InvariantCulture), UnitCode, BodyId }.Where(p => p is not null));

    /// <summary>The stage's word in ids and the API: <c>annual</c>, <c>mid-term</c>, <c>final</c>.</summary>
    public static string StageWord(StageKind kind) => DossierChecks.Word(kind);

    /// <summary>The id of a submission; null when a part is not well formed.</summary>
    public static ReportSubmissionId? Of(string planId, StageKind kind, int year, string unitCode, string? bodyId) =>
        IsSlug(planId) && kind is StageKind.Annual or StageKind.MidTerm or StageKind.Final && year is >= 1900 and <= 2200
        && Units.UnitCode.TryParse(unitCode, out _) && (bodyId is null || IsSlug(bodyId))
            ? new ReportSubmissionId(planId, kind, year, unitCode, bodyId)
            : null;

    /// <summary>Parses an id; false when the text is not well formed.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out ReportSubmissionId id)
    {
        id = default;
        var parts = text?.Split('~');
        if (parts is not { Length: 4 or 5 }) return false;
        StageKind? kind = parts[1] switch { "annual" => StageKind.Annual, "mid-term" => StageKind.MidTerm, "final" => StageKind.Final, _ => null };
        if (kind is null || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var year)) return false;
        if (Of(parts[0], kind.Value, year, parts[3], parts.Length == 5 ? parts[4] : null) is not { } parsed || parsed.Value != text) return false;
        id = parsed;
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => Value;

    private static bool IsSlug(string? s) =>
        s is { Length: > 0 and <= 80 } && s.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');
}

/// <summary>Reads and writes <see cref="ReportSubmissionId"/> as its text.</summary>
public sealed class ReportSubmissionIdJsonConverter : JsonConverter<ReportSubmissionId>
{
    /// <inheritdoc />
    public override ReportSubmissionId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        ReportSubmissionId.TryParse(reader.GetString(), out var id) ? id : throw new JsonException($"'{reader.GetString()}' is not a report submission id.");

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, ReportSubmissionId value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.Value);
    }
}

/// <summary>Whether a report came by its route's deadline.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ReportTimeliness>))]
public enum ReportTimeliness
{
    /// <summary>By the end of the deadline's day in Vietnam (đúng hạn).</summary>
    [JsonStringEnumMemberName("on-time")] OnTime,
    /// <summary>After it (trễ hạn).</summary>
    [JsonStringEnumMemberName("late")] Late,
    /// <summary>The route's clause gives no date (không có hạn).</summary>
    [JsonStringEnumMemberName("no-deadline")] NoDeadline,
}

/// <summary>One accepted upload of the signed report (a version; the newest is the report now).</summary>
/// <param name="FileId">The file's id.</param>
/// <param name="Name">The user's file name.</param>
/// <param name="StoredName">The pinned blob.</param>
/// <param name="Size">Bytes.</param>
/// <param name="Sha256">SHA-256, lowercase hex.</param>
/// <param name="SubmittedAt">When it was accepted (server time, UTC).</param>
/// <param name="SubmittedBy">Who confirmed it.</param>
/// <param name="Timeliness">This version against the route's deadline.</param>
public sealed record ReportVersion(string FileId, string Name, string StoredName, long Size, string Sha256, DateTimeOffset SubmittedAt, string SubmittedBy, ReportTimeliness Timeliness);

/// <summary>
/// The submission of one unit's (or body's) signed review report for a plan's stage: the uploads in flight, the accepted
/// versions, and when the report was first submitted — on time or late against the route's deadline (<see cref="Judge"/>).
/// Only PDF is accepted: the report sent is the signed and stamped document (Nghị định 30/2020/NĐ-CP, Điều 8 and Phụ lục I:
/// the signature and seal are part of the document), not an editable draft.
/// </summary>
public sealed record ReportSubmission
{
    /// <summary>The id.</summary>
    public required ReportSubmissionId Id { get; init; }

    /// <summary>Uploads not yet confirmed (pending); accepted ones move to <see cref="Versions"/>, refused ones are dropped.</summary>
    public IReadOnlyList<DossierFile> Pending { get; init; } = [];

    /// <summary>Accepted versions, oldest first.</summary>
    public IReadOnlyList<ReportVersion> Versions { get; init; } = [];

    /// <summary>When it was first submitted (the first accepted version), or null.</summary>
    public DateTimeOffset? SubmittedAt { get; init; }

    /// <summary>Who submitted it first.</summary>
    public string? SubmittedBy { get; init; }

    /// <summary>The first submission against the deadline; a later version does not change it.</summary>
    public ReportTimeliness? Timeliness { get; init; }

    /// <summary>When it was opened.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The last change.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The blob names of this submission start with this: <c>reports/{id}/</c>.</summary>
    [JsonIgnore]
    public string BlobPrefix => "reports/" + Id.Value + "/";

    /// <summary>True once a version is accepted.</summary>
    [JsonIgnore]
    public bool IsSubmitted => Versions.Count > 0;

    /// <summary>Pending uploads at most (a user retrying an upload opens a new one each time).</summary>
    public const int MaxPending = 10;

    /// <summary>A new, empty submission.</summary>
    public static ReportSubmission Open(ReportSubmissionId id, DateTimeOffset now) => new() { Id = id, CreatedAt = now, UpdatedAt = now };

    /// <summary>
    /// On time when <paramref name="at"/> is by the end of <paramref name="deadline"/> in Vietnam (UTC+7), the day a plan's
    /// "xong trước ngày …" is read to (the dossiers' rule: <see cref="VietnamTime.EndOfDay"/>); no deadline when the route's
    /// clause gives no date.
    /// </summary>
    public static ReportTimeliness Judge(DateOnly? deadline, DateTimeOffset at) =>
        deadline is not { } d ? ReportTimeliness.NoDeadline : at <= VietnamTime.EndOfDay(d) ? ReportTimeliness.OnTime : ReportTimeliness.Late;

    /// <summary>Days after the deadline's day (Vietnam dates) when late; 0 otherwise.</summary>
    public static int DaysLate(DateOnly? deadline, DateTimeOffset at) =>
        deadline is { } d && Judge(d, at) == ReportTimeliness.Late ? VietnamTime.DateOf(at).DayNumber - d.DayNumber : 0;

    /// <summary>
    /// Adds a pending upload of the signed report: a valid name ending in <c>.pdf</c> (PDF only), a declared size within the
    /// per-file limit of dossier files (<see cref="DossierFileLimits.MaxFileBytes"/>), at most <see cref="MaxPending"/> pending.
    /// </summary>
    public ReportSubmissionDecision AddFile(string? fileName, long? size, string fileId, DossierFileLimits limits, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var problems = new List<DossierProblem>();
        var (name, nameProblem) = FileName.Check(fileName);
        if (nameProblem is not null)
            problems.Add(nameProblem.Code == "file-type-not-allowed" ? NotPdf(fileName ?? "") : nameProblem);
        else if (FileName.DeclaredKind(name!) != FileKind.Pdf)
            problems.Add(NotPdf(name!));
        if (size is not { } bytes || bytes <= 0)
            problems.Add(new("required", "size", "Cần kích thước tệp (byte, lớn hơn 0).", "The file's size (bytes, above 0) is required."));
        else if (bytes > limits.MaxFileBytes)
            problems.Add(new("file-too-large", "size", $"Tệp {FileRules.Mb(bytes)} vượt giới hạn {FileRules.Megabytes(limits.MaxFileBytes)} MB mỗi tệp.",
                $"A {FileRules.Mb(bytes)} file exceeds the limit of {FileRules.Megabytes(limits.MaxFileBytes)} MB per file."));
        if (Pending.Count >= MaxPending)
            problems.Add(new("too-many-files", "files", $"Đang có {MaxPending} tệp chưa xác nhận; xác nhận hoặc chờ hết hạn tải lên.",
                $"{MaxPending} uploads are not confirmed yet; confirm them or let them expire."));
        if (problems.Count > 0) return ReportSubmissionDecision.Refuse("add-file", DossierRefusal.Invalid, problems);
        var added = new DossierFile { Id = fileId, ComponentId = "bao-cao", StoredName = BlobPrefix + fileId, OriginalName = name!, AddedAt = now };
        return ReportSubmissionDecision.Change("add-file", this with { Pending = [.. Pending, added], UpdatedAt = now }, name);
    }

    /// <summary>
    /// Records the inspection of a pending upload. Accepted bytes (a real PDF: the content is sniffed, never the name) become
    /// a new version; the first one sets <see cref="SubmittedAt"/>, <see cref="SubmittedBy"/> and <see cref="Timeliness"/>
    /// against <paramref name="deadline"/>. Refused bytes drop the upload and are refused (nothing recorded). A file
    /// accepted before is unchanged (a retried confirmation), so a retry never adds a second version.
    /// </summary>
    public ReportSubmissionDecision ConfirmFile(string fileId, InspectedFile inspected, DateOnly? deadline, string actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(inspected);
        if (Versions.Any(v => v.FileId == fileId)) return ReportSubmissionDecision.Unchanged("confirm-file", this);
        if (Pending.FirstOrDefault(f => f.Id == fileId) is not { } file)
            return ReportSubmissionDecision.Refuse("confirm-file", DossierRefusal.NotFound,
                [new("file-not-found", "fileId", $"Không có tệp '{fileId}' đang chờ xác nhận.", $"There is no pending file '{fileId}'.")]);
        // Size problems stand as the inspection gives them; any other refusal of the content (another type behind the
        // .pdf name, an archive, unknown bytes) is said as what it means here: the report is a PDF and this is not one.
        var problem = inspected.Problem is { Code: "file-empty" or "file-too-large" or "dossier-too-large" or "upload-incomplete" } kept ? kept
            : inspected.Problem is not null || inspected.Kind != FileKind.Pdf || inspected.Sha256 is null ? NotPdf(file.OriginalName, "files." + fileId, inspected.Kind)
            : null;
        if (problem is not null)
            return ReportSubmissionDecision.RefuseAndDrop("confirm-file", [problem], this with { Pending = [.. Pending.Where(f => f.Id != fileId)], UpdatedAt = now });
        var timeliness = Judge(deadline, now);
        var version = new ReportVersion(fileId, file.OriginalName, inspected.StoredName, inspected.Size, inspected.Sha256!, now, actor, timeliness);
        return ReportSubmissionDecision.Change("confirm-file", this with
        {
            Pending = [.. Pending.Where(f => f.Id != fileId)],
            Versions = [.. Versions, version],
            SubmittedAt = SubmittedAt ?? now,
            SubmittedBy = SubmittedBy ?? actor,
            Timeliness = Timeliness ?? timeliness,
            UpdatedAt = now,
        }, file.OriginalName);
    }

    private static DossierProblem NotPdf(string name, string field = "fileName", FileKind? content = null) => new("file-type-not-allowed", field,
        $"Báo cáo đã ký nộp dưới dạng PDF (bản có chữ ký, đóng dấu); tệp '{name}' không phải PDF"
            + (content is { } k && k != FileKind.Pdf ? $" (nội dung là {FileName.Label(k)}, kiểm tra theo nội dung chứ không theo tên tệp)." : " (kiểm tra theo nội dung chứ không theo tên tệp)."),
        $"The signed report is submitted as a PDF (the signed and stamped copy); '{name}' is not a PDF"
            + (content is { } c && c != FileKind.Pdf ? $" (its content is {FileName.Label(c)}, checked by content, not by name)." : " (checked by content, not by name)."));
}

/// <summary>What a submission decision comes to: the next state, or the problems.</summary>
public sealed record ReportSubmissionDecision
{
    private ReportSubmissionDecision()
    {
    }

    /// <summary>The audit word (<c>add-file</c>, <c>confirm-file</c>).</summary>
    public string Action { get; private init; } = "";

    /// <summary>
    /// The submission after the decision (the current one when nothing changes); for a refused upload, the submission without
    /// it (written, so that the refused upload is not left pending), else null when refused.
    /// </summary>
    public ReportSubmission? Next { get; private init; }

    /// <summary>True when <see cref="Next"/> is to be written.</summary>
    public bool Writes { get; private init; }

    /// <summary>The audit note.</summary>
    public string? Note { get; private init; }

    /// <summary>Why it is refused, or <see cref="DossierRefusal.None"/>.</summary>
    public DossierRefusal Refusal { get; private init; }

    /// <summary>The problems of a refusal.</summary>
    public IReadOnlyList<DossierProblem> Problems { get; private init; } = [];

    /// <summary>A change to write.</summary>
    public static ReportSubmissionDecision Change(string action, ReportSubmission next, string? note = null) =>
        new() { Action = action, Next = next, Writes = true, Note = note };

    /// <summary>Nothing to change.</summary>
    public static ReportSubmissionDecision Unchanged(string action, ReportSubmission current) => new() { Action = action, Next = current };

    /// <summary>Refused.</summary>
    public static ReportSubmissionDecision Refuse(string action, DossierRefusal refusal, IReadOnlyList<DossierProblem> problems) =>
        new() { Action = action, Refusal = refusal, Problems = problems, Note = problems.Count > 0 ? problems[0].MessageEn : null };

    /// <summary>Refused, writing <paramref name="next"/> (the refused upload dropped) so that nothing stays pending.</summary>
    public static ReportSubmissionDecision RefuseAndDrop(string action, IReadOnlyList<DossierProblem> problems, ReportSubmission next) =>
        new() { Action = action, Refusal = DossierRefusal.Invalid, Problems = problems, Next = next, Writes = true, Note = problems.Count > 0 ? problems[0].MessageEn : null };
}
