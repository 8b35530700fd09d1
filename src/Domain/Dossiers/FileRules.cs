using System.Globalization;

namespace NoOneLeftBehind.Domain.Dossiers;

/// <summary>
/// The checks of a set of attached files, shared by a dossier and a list (danh sách trình): a new file's component,
/// name, declared size and the count; the accepted total after a confirmation; files not yet confirmed.
/// </summary>
public static class FileRules
{
    /// <summary>
    /// The problems of adding a file to <paramref name="componentId"/> of a set holding <paramref name="files"/>, and the
    /// name as it will be kept (<see cref="FileName.Check"/>).
    /// </summary>
    public static (string? Name, List<DossierProblem> Problems) NewFile(string componentId, string? fileName, long? size, IReadOnlyList<DossierFile> files,
        IReadOnlyList<ComponentRule> components, DossierFileLimits limits)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(components);
        ArgumentNullException.ThrowIfNull(limits);
        var problems = new List<DossierProblem>();
        if (!components.Any(c => c.Id == componentId))
        {
            var known = string.Join(", ", components.Select(c => c.Id));
            problems.Add(new("unknown-component", "componentId", $"Thành phần '{componentId}' không có trong hồ sơ của kế hoạch. Các thành phần: {known}.",
                $"Component '{componentId}' is not part of the plan's dossier. Components: {known}."));
        }
        var (name, nameProblem) = FileName.Check(fileName);
        if (nameProblem is not null) problems.Add(nameProblem);
        if (size is { } bytes && bytes > limits.MaxFileBytes)
            problems.Add(new("file-too-large", "size", $"Tệp {Mb(bytes)} vượt giới hạn {Megabytes(limits.MaxFileBytes)} MB mỗi tệp.",
                $"A {Mb(bytes)} file exceeds the limit of {Megabytes(limits.MaxFileBytes)} MB per file."));
        if (files.Count(f => f.State != FileState.Rejected) >= limits.MaxFiles)
        {
            var max = limits.MaxFiles.ToString(CultureInfo.InvariantCulture);
            problems.Add(new("too-many-files", "files", $"Hồ sơ có tối đa {max} tệp.", $"A dossier holds at most {max} files."));
        }
        return (name, problems);
    }

    /// <summary><c>dossier-too-large</c> when the accepted files with <paramref name="fileId"/> at <paramref name="size"/> bytes exceed the limit.</summary>
    public static DossierProblem? TotalTooLarge(IReadOnlyList<DossierFile> files, string fileId, long size, DossierFileLimits limits)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(limits);
        var total = files.Where(f => f.State == FileState.Accepted && f.Id != fileId).Sum(f => f.Size ?? 0) + size;
        if (total <= limits.MaxDossierBytes) return null;
        var max = Megabytes(limits.MaxDossierBytes);
        return new("dossier-too-large", "files." + fileId, $"Hồ sơ vượt giới hạn {max} MB.", $"The dossier exceeds {max} MB.");
    }

    /// <summary>Every required component without an accepted file, and the first file not yet confirmed.</summary>
    public static List<DossierProblem> Completeness(IReadOnlyList<DossierFile> files, IReadOnlyList<ComponentRule> components)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(components);
        var problems = new List<DossierProblem>();
        foreach (var component in components.Where(c => c.Required))
        {
            if (!files.Any(f => f.State == FileState.Accepted && string.Equals(f.ComponentId, component.Id, StringComparison.Ordinal)))
            {
                problems.Add(new("missing-component", "components." + component.Id,
                    $"Thiếu thành phần hồ sơ: {component.Text}",
                    $"Missing dossier component: {component.Text}"));
            }
        }
        if (files.FirstOrDefault(f => f.State == FileState.Pending) is { } pending)
        {
            problems.Add(new("file-not-confirmed", "files." + pending.Id,
                $"Tệp '{pending.OriginalName}' chưa được xác nhận tải lên; xác nhận hoặc xoá tệp trước khi nộp.",
                $"File '{pending.OriginalName}' has not been confirmed; confirm or delete it before submitting."));
        }
        return problems;
    }

    /// <summary>Whole megabytes, for limits.</summary>
    public static string Megabytes(long bytes) => (bytes / 1048576).ToString(CultureInfo.InvariantCulture);

    /// <summary>Megabytes with one decimal, for a file's size.</summary>
    public static string Mb(long bytes) => (bytes / 1048576d).ToString("0.#", CultureInfo.InvariantCulture) + " MB";
}
