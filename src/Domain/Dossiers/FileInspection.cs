using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Serialization;
using NoOneLeftBehind.Domain.Archives;

namespace NoOneLeftBehind.Domain.Dossiers;

/// <summary>The file types a dossier accepts, decided by content, never by name or declared type.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FileKind>))]
public enum FileKind
{
    /// <summary>PDF (<c>%PDF-</c>).</summary>
    [JsonStringEnumMemberName("pdf")] Pdf,
    /// <summary>Word document (an OOXML zip with <c>word/document.xml</c>).</summary>
    [JsonStringEnumMemberName("docx")] Docx,
    /// <summary>Excel workbook (an OOXML zip with <c>xl/workbook.xml</c>).</summary>
    [JsonStringEnumMemberName("xlsx")] Xlsx,
    /// <summary>JPEG image.</summary>
    [JsonStringEnumMemberName("jpeg")] Jpeg,
    /// <summary>PNG image.</summary>
    [JsonStringEnumMemberName("png")] Png,
}

/// <summary>Limits applied when a file is confirmed (section <c>Dossiers:Files</c>).</summary>
public sealed record DossierFileLimits
{
    /// <summary>Largest file: 50 MB.</summary>
    public long MaxFileBytes { get; init; } = 50L * 1024 * 1024;
    /// <summary>Largest dossier (all accepted files): 200 MB.</summary>
    public long MaxDossierBytes { get; init; } = 200L * 1024 * 1024;
    /// <summary>Most files a dossier holds, refused files not counted: 60 (the dossier row stays well under the entity limit).</summary>
    public int MaxFiles { get; init; } = 60;
    /// <summary>
    /// What a DOCX/XLSX may inflate to (section <c>Dossiers:ZipLimits</c>): 5,000 entries, 300 MB in all,
    /// 100 MB per entry, 100:1 for an entry past 1 MB; checked on the declared sizes first, then on the
    /// bytes actually inflated.
    /// </summary>
    public ArchiveLimits Zip { get; init; } = DefaultZip;
    /// <summary>The default <see cref="Zip"/> limits.</summary>
    public static ArchiveLimits DefaultZip { get; } = new()
    {
        MaxEntries = 5000,
        MaxTotalBytes = 300L * 1024 * 1024,
        MaxEntryBytes = 100L * 1024 * 1024,
        MaxRatio = 100,
        RatioCheckFromBytes = 1024 * 1024,
    };
    /// <summary>Most nested archives (embedded workbooks) in a DOCX/XLSX.</summary>
    public int MaxNestedArchives { get; init; } = 20;
}

/// <summary>What the first bytes of a file say it is.</summary>
public enum SniffResult
{
    /// <summary>PDF.</summary>
    Pdf,
    /// <summary>JPEG.</summary>
    Jpeg,
    /// <summary>PNG.</summary>
    Png,
    /// <summary>A zip archive: DOCX or XLSX once its entries are read.</summary>
    Zip,
    /// <summary>A Windows/DOS executable (<c>MZ</c>).</summary>
    Executable,
    /// <summary>An ELF or Mach-O executable, or a script with a shebang.</summary>
    OtherExecutable,
    /// <summary>None of the allowed types.</summary>
    Unknown,
}

/// <summary>Content sniffing by magic bytes.</summary>
public static class FileSniffer
{
    /// <summary>How many leading bytes <see cref="Sniff"/> looks at.</summary>
    public const int HeadLength = 16;

    /// <summary>Classifies a file by its first bytes.</summary>
    public static SniffResult Sniff(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith("%PDF-"u8)) return SniffResult.Pdf;
        if (head.StartsWith(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A })) return SniffResult.Png;
        if (head.StartsWith(new byte[] { 0xFF, 0xD8, 0xFF })) return SniffResult.Jpeg;
        if (head.StartsWith("PK\u0003\u0004"u8)) return SniffResult.Zip;
        if (head.StartsWith("MZ"u8)) return SniffResult.Executable;
        if (head.StartsWith(new byte[] { 0x7F, 0x45, 0x4C, 0x46 }) || head.StartsWith(new byte[] { 0xCF, 0xFA, 0xED, 0xFE }) || head.StartsWith("#!"u8))
            return SniffResult.OtherExecutable;
        return SniffResult.Unknown;
    }

    /// <summary>The refusal for a sniff result that is not allowed, or null.</summary>
    public static DossierProblem? Refusal(SniffResult result, string fileField, string originalName) => result switch
    {
        SniffResult.Executable => new("file-type-not-allowed", fileField,
            $"Tệp '{originalName}' là chương trình chạy được (Windows/DOS, bắt đầu bằng 'MZ') dù có tên khác; chỉ nhận PDF, DOCX, XLSX, JPEG, PNG.",
            $"File '{originalName}' is a Windows/DOS executable (starts with 'MZ') whatever its name; only PDF, DOCX, XLSX, JPEG and PNG are accepted."),
        SniffResult.OtherExecutable => new("file-type-not-allowed", fileField,
            $"Tệp '{originalName}' là chương trình hoặc tập lệnh chạy được; chỉ nhận PDF, DOCX, XLSX, JPEG, PNG.",
            $"File '{originalName}' is an executable or script; only PDF, DOCX, XLSX, JPEG and PNG are accepted."),
        SniffResult.Unknown => new("file-type-not-allowed", fileField,
            $"Nội dung tệp '{originalName}' không phải PDF, DOCX, XLSX, JPEG hay PNG (kiểm tra theo nội dung, không theo tên tệp).",
            $"The content of '{originalName}' is not PDF, DOCX, XLSX, JPEG or PNG (checked by content, not by name)."),
        _ => null,
    };
}

/// <summary>One entry of a zip's central directory.</summary>
/// <param name="Name">Entry name.</param>
/// <param name="Method">Compression method (0 stored, 8 deflate).</param>
/// <param name="Flags">General-purpose flags (bit 0: encrypted).</param>
/// <param name="CompressedSize">Declared compressed size.</param>
/// <param name="UncompressedSize">Declared uncompressed size.</param>
/// <param name="LocalHeaderOffset">Offset of the entry's local header.</param>
public sealed record ZipEntryInfo(string Name, int Method, int Flags, long CompressedSize, long UncompressedSize, long LocalHeaderOffset);

/// <summary>
/// Reads a zip's structure from byte ranges (the end of the file, then the central directory), so
/// that a DOCX/XLSX in Blob storage is checked without loading it whole.
/// </summary>
public static class ZipStructure
{
    /// <summary>Bytes to read from the end of the file to find the end-of-central-directory record.</summary>
    public const int MaxTailLength = 22 + 65535;

    /// <summary>Finds the end record in <paramref name="tail"/> (the last bytes of a file of <paramref name="fileLength"/> bytes).</summary>
    /// <returns>Entry count, central directory offset and size; or a problem.</returns>
    public static (int Entries, long Offset, long Size, DossierProblem? Problem) FindCentralDirectory(ReadOnlySpan<byte> tail, long fileLength, string field, string name)
    {
        for (var i = tail.Length - 22; i >= 0; i--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(tail[i..]) != 0x06054b50) continue;
            var entries = BinaryPrimitives.ReadUInt16LittleEndian(tail[(i + 10)..]);
            var size = BinaryPrimitives.ReadUInt32LittleEndian(tail[(i + 12)..]);
            var offset = BinaryPrimitives.ReadUInt32LittleEndian(tail[(i + 16)..]);
            if (entries == 0xFFFF || size == 0xFFFFFFFF || offset == 0xFFFFFFFF)
                return (0, 0, 0, Bad(field, name, "định dạng ZIP64 không được hỗ trợ", "ZIP64 archives are not supported"));
            if (offset + (long)size > fileLength)
                return (0, 0, 0, Bad(field, name, "thư mục trung tâm của tệp nén nằm ngoài tệp", "the central directory lies outside the file"));
            return (entries, offset, size, null);
        }
        return (0, 0, 0, Bad(field, name, "không tìm thấy thư mục trung tâm của tệp nén (tệp hỏng hoặc bị cắt)", "no zip central directory found (damaged or truncated file)"));
    }

    /// <summary>Parses the central directory.</summary>
    public static (IReadOnlyList<ZipEntryInfo> Entries, DossierProblem? Problem) ParseCentralDirectory(ReadOnlySpan<byte> directory, int expected, string field, string name)
    {
        var entries = new List<ZipEntryInfo>(Math.Min(expected, 10_000));
        var p = 0;
        for (var n = 0; n < expected; n++)
        {
            if (p + 46 > directory.Length || BinaryPrimitives.ReadUInt32LittleEndian(directory[p..]) != 0x02014b50)
                return (entries, Bad(field, name, "thư mục trung tâm của tệp nén bị hỏng", "the zip central directory is damaged"));
            var flags = BinaryPrimitives.ReadUInt16LittleEndian(directory[(p + 8)..]);
            var method = BinaryPrimitives.ReadUInt16LittleEndian(directory[(p + 10)..]);
            var compressed = BinaryPrimitives.ReadUInt32LittleEndian(directory[(p + 20)..]);
            var uncompressed = BinaryPrimitives.ReadUInt32LittleEndian(directory[(p + 24)..]);
            var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(directory[(p + 28)..]);
            var extraLength = BinaryPrimitives.ReadUInt16LittleEndian(directory[(p + 30)..]);
            var commentLength = BinaryPrimitives.ReadUInt16LittleEndian(directory[(p + 32)..]);
            var localOffset = BinaryPrimitives.ReadUInt32LittleEndian(directory[(p + 42)..]);
            if (p + 46 + nameLength > directory.Length)
                return (entries, Bad(field, name, "thư mục trung tâm của tệp nén bị hỏng", "the zip central directory is damaged"));
            var entryName = Encoding.UTF8.GetString(directory.Slice(p + 46, nameLength));
            if (compressed == 0xFFFFFFFF || uncompressed == 0xFFFFFFFF || localOffset == 0xFFFFFFFF)
                return (entries, Bad(field, name, "định dạng ZIP64 không được hỗ trợ", "ZIP64 archives are not supported"));
            entries.Add(new ZipEntryInfo(entryName, method, flags, compressed, uncompressed, localOffset));
            p += 46 + nameLength + extraLength + commentLength;
        }
        return (entries, null);
    }

    /// <summary>
    /// Checks the declared structure: entry count, total and per-entry expansion, names (no path
    /// traversal), methods, encryption, nested archives; and tells DOCX from XLSX. The adapter then
    /// inflates every entry to verify the declared sizes are true.
    /// </summary>
    public static (FileKind? Kind, DossierProblem? Problem) Check(IReadOnlyList<ZipEntryInfo> entries, DossierFileLimits limits, string field, string name)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(limits);
        var meter = new InflationMeter(limits.Zip);
        if (meter.CheckEntryCount(entries.Count) is { } tooMany)
            return (null, Bomb(field, name, tooMany));
        long total = 0;
        var nested = 0;
        foreach (var e in entries)
        {
            if (!IsSafeName(e.Name))
                return (null, Bad(field, name, $"mục '{e.Name}' có đường dẫn không an toàn (thoát thư mục hoặc đường dẫn tuyệt đối)", $"entry '{e.Name}' has an unsafe path (traversal or absolute)"));
            if ((e.Flags & 1) != 0)
                return (null, Bad(field, name, $"mục '{e.Name}' bị mã hoá", $"entry '{e.Name}' is encrypted"));
            if (e.Method is not (0 or 8))
                return (null, Bad(field, name, $"mục '{e.Name}' dùng kiểu nén {e.Method} không được hỗ trợ", $"entry '{e.Name}' uses unsupported compression method {e.Method}"));
            if (meter.CheckDeclared(e.Name, e.CompressedSize, e.UncompressedSize, total) is { } declared)
                return (null, Bomb(field, name, declared));
            total += e.UncompressedSize;
            if (IsArchiveName(e.Name) && ++nested > limits.MaxNestedArchives)
                return (null, Bomb(field, name, $"chứa hơn {limits.MaxNestedArchives} tệp nén lồng nhau", $"it nests more than {limits.MaxNestedArchives} archives"));
        }
        bool Has(string entry) => entries.Any(e => string.Equals(e.Name, entry, StringComparison.Ordinal));
        if (Has("[Content_Types].xml") && Has("word/document.xml")) return (FileKind.Docx, null);
        if (Has("[Content_Types].xml") && Has("xl/workbook.xml")) return (FileKind.Xlsx, null);
        return (null, new DossierProblem("file-type-not-allowed", field,
            $"Tệp '{name}' là tệp nén nhưng không phải tài liệu Word (DOCX) hay Excel (XLSX); chỉ nhận PDF, DOCX, XLSX, JPEG, PNG.",
            $"File '{name}' is a zip archive but not a Word (DOCX) or Excel (XLSX) document; only PDF, DOCX, XLSX, JPEG and PNG are accepted."));
    }

    /// <summary>The refusal when inflating an entry broke a limit (counted bytes, or more than its header declared).</summary>
    public static DossierProblem Bomb(string field, string name, ArchiveLimitExceeded exceeded)
    {
        ArgumentNullException.ThrowIfNull(exceeded);
        return Bomb(field, name, exceeded.MessageVi, exceeded.MessageEn);
    }

    /// <summary>The refusal for a damaged zip entry.</summary>
    public static DossierProblem Damaged(string field, string name, string entry) =>
        Bad(field, name, $"mục '{entry}' bị hỏng", $"entry '{entry}' is damaged");

    private static bool IsSafeName(string n) =>
        n.Length > 0 && !n.StartsWith('/') && !n.Contains('\\', StringComparison.Ordinal) && !n.Contains(':', StringComparison.Ordinal)
        && !n.Split('/').Any(s => s == "..") && !n.Any(char.IsControl);

    private static bool IsArchiveName(string n) =>
        n.EndsWith(".zip", StringComparison.OrdinalIgnoreCase) || n.EndsWith(".docx", StringComparison.OrdinalIgnoreCase)
        || n.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase) || n.EndsWith(".pptx", StringComparison.OrdinalIgnoreCase)
        || n.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) || n.EndsWith(".7z", StringComparison.OrdinalIgnoreCase)
        || n.EndsWith(".rar", StringComparison.OrdinalIgnoreCase);

    private static DossierProblem Bad(string field, string name, string vi, string en) =>
        new("unsafe-archive", field, $"Tệp '{name}' bị từ chối: {vi}.", $"File '{name}' was refused: {en}.");

    private static DossierProblem Bomb(string field, string name, string vi, string en) =>
        new("zip-bomb", field, $"Tệp '{name}' bị từ chối vì có dấu hiệu bom nén: {vi}.", $"File '{name}' was refused as a likely zip bomb: {en}.");
}
