using System.Globalization;

namespace NoOneLeftBehind.Domain.Archives;

/// <summary>
/// What a zip package (XLSX, DOCX) may expand to before we refuse it as a likely decompression bomb.
/// The limits are applied to the bytes actually inflated (<see cref="InflationMeter"/>), never only to
/// the sizes the zip headers declare.
/// </summary>
public sealed record ArchiveLimits
{
    /// <summary>Most entries (parts) in the package.</summary>
    public int MaxEntries { get; init; } = 10_000;

    /// <summary>Most bytes all entries together may inflate to.</summary>
    public long MaxTotalBytes { get; init; } = 100L * 1024 * 1024;

    /// <summary>Most bytes one entry may inflate to.</summary>
    public long MaxEntryBytes { get; init; } = 50L * 1024 * 1024;

    /// <summary>Highest expansion ratio (inflated : compressed) of an entry once it has inflated past <see cref="RatioCheckFromBytes"/>.</summary>
    public int MaxRatio { get; init; } = 100;

    /// <summary>Below this many inflated bytes an entry is not ratio-checked (small XML parts compress very well).</summary>
    public long RatioCheckFromBytes { get; init; } = 1024 * 1024;
}

/// <summary>Which limit a package broke.</summary>
public enum ArchiveLimit
{
    /// <summary>Too many entries (<see cref="ArchiveLimits.MaxEntries"/>).</summary>
    EntryCount,

    /// <summary>All entries together inflate past <see cref="ArchiveLimits.MaxTotalBytes"/>.</summary>
    TotalBytes,

    /// <summary>One entry inflates past <see cref="ArchiveLimits.MaxEntryBytes"/>.</summary>
    EntryBytes,

    /// <summary>One entry expands more than <see cref="ArchiveLimits.MaxRatio"/> : 1.</summary>
    Ratio,

    /// <summary>One entry inflates to more bytes than its header declares (the header lies).</summary>
    DeclaredSize,
}

/// <summary>
/// A broken limit: which one, where, the allowed value and what was seen when the reading stopped,
/// with a message in Vietnamese and English that names the limit.
/// </summary>
/// <param name="Limit">The limit.</param>
/// <param name="Entry">The entry being inflated; <see langword="null"/> for the entry count.</param>
/// <param name="Allowed">The limit's value (bytes, entries, or the ratio's left side).</param>
/// <param name="Seen">What was counted when the reading stopped (bytes, entries, or the ratio reached).</param>
public sealed record ArchiveLimitExceeded(ArchiveLimit Limit, string? Entry, long Allowed, long Seen)
{
    /// <summary>The reason in Vietnamese, e.g. "phần 'xl/sharedStrings.xml' giải nén ra hơn 50 MB (giới hạn mỗi phần 50 MB)".</summary>
    public string MessageVi => Limit switch
    {
        ArchiveLimit.EntryCount => $"tệp nén có {N(Seen)} mục, vượt giới hạn {N(Allowed)} mục",
        ArchiveLimit.TotalBytes => $"giải nén ra hơn {Size(Allowed)} (giới hạn tổng dung lượng giải nén {Size(Allowed)}; dừng ở phần '{Entry}')",
        ArchiveLimit.EntryBytes => $"phần '{Entry}' giải nén ra hơn {Size(Allowed)} (giới hạn mỗi phần {Size(Allowed)})",
        ArchiveLimit.Ratio => $"phần '{Entry}' nén với tỉ lệ {N(Seen)}:1, vượt giới hạn tỉ lệ nén {N(Allowed)}:1",
        _ => $"phần '{Entry}' giải nén ra nhiều hơn kích thước khai báo trong tệp ({N(Allowed)} byte)",
    };

    /// <summary>The reason in English, e.g. "part 'xl/sharedStrings.xml' inflates to more than 50 MB (limit per part 50 MB)".</summary>
    public string MessageEn => Limit switch
    {
        ArchiveLimit.EntryCount => $"the archive has {N(Seen)} entries, over the limit of {N(Allowed)} entries",
        ArchiveLimit.TotalBytes => $"it inflates to more than {Size(Allowed)} (limit on total uncompressed size {Size(Allowed)}; stopped in part '{Entry}')",
        ArchiveLimit.EntryBytes => $"part '{Entry}' inflates to more than {Size(Allowed)} (limit per part {Size(Allowed)})",
        ArchiveLimit.Ratio => $"part '{Entry}' expands {N(Seen)}:1, over the compression ratio limit of {N(Allowed)}:1",
        _ => $"part '{Entry}' inflates to more than the size its header declares ({N(Allowed)} bytes)",
    };

    /// <summary>The limit's key in problem lists: <c>entry-count</c>, <c>total-bytes</c>, <c>entry-bytes</c>, <c>ratio</c>, <c>declared-size</c>.</summary>
    public string Key => Limit switch
    {
        ArchiveLimit.EntryCount => "entry-count",
        ArchiveLimit.TotalBytes => "total-bytes",
        ArchiveLimit.EntryBytes => "entry-bytes",
        ArchiveLimit.Ratio => "ratio",
        _ => "declared-size",
    };

    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Size(long bytes) => bytes % (1024 * 1024) == 0
        ? (bytes / (1024 * 1024)).ToString(CultureInfo.InvariantCulture) + " MB"
        : bytes.ToString(CultureInfo.InvariantCulture) + " byte";
}

/// <summary>
/// Counts what a package inflates to, entry by entry, as the bytes come out of the decompressor, and
/// says which limit is broken as soon as one is. Callers inflate in small buffers and stop at the
/// first non-null answer, so nothing larger than a buffer is ever held because of a header's claim.
/// </summary>
/// <param name="limits">The limits.</param>
public sealed class InflationMeter(ArchiveLimits limits)
{
    private readonly ArchiveLimits _limits = limits ?? throw new ArgumentNullException(nameof(limits));
    private string? _entry;
    private long _compressed;
    private long? _declared;

    /// <summary>Entries started so far.</summary>
    public int Entries { get; private set; }

    /// <summary>Bytes inflated so far, all entries.</summary>
    public long TotalBytes { get; private set; }

    /// <summary>Bytes inflated so far in the current entry.</summary>
    public long EntryBytes { get; private set; }

    /// <summary>Checks an entry count read from the package's directory before anything is inflated.</summary>
    /// <param name="count">The number of entries.</param>
    /// <returns>The broken limit, or <see langword="null"/>.</returns>
    public ArchiveLimitExceeded? CheckEntryCount(long count) =>
        count > _limits.MaxEntries ? new ArchiveLimitExceeded(ArchiveLimit.EntryCount, null, _limits.MaxEntries, count) : null;

    /// <summary>Starts counting an entry.</summary>
    /// <param name="name">The entry's name, for the message.</param>
    /// <param name="compressedBytes">The compressed bytes the entry's data occupies in the file (what the decompressor may read), for the ratio.</param>
    /// <param name="declaredBytes">The uncompressed size the header declares, when it is to be held to it (a lying header is refused).</param>
    /// <returns>The broken limit (too many entries), or <see langword="null"/>.</returns>
    public ArchiveLimitExceeded? BeginEntry(string name, long compressedBytes, long? declaredBytes = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        _entry = name;
        _compressed = Math.Max(1, compressedBytes);
        _declared = declaredBytes;
        EntryBytes = 0;
        Entries++;
        return CheckEntryCount(Entries);
    }

    /// <summary>Counts <paramref name="bytes"/> more inflated bytes of the current entry.</summary>
    /// <param name="bytes">Bytes just produced by the decompressor.</param>
    /// <returns>The first broken limit, or <see langword="null"/>.</returns>
    public ArchiveLimitExceeded? Add(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        if (_entry is null) throw new InvalidOperationException("BeginEntry first.");
        EntryBytes += bytes;
        TotalBytes += bytes;
        if (_declared is { } declared && EntryBytes > declared)
            return new ArchiveLimitExceeded(ArchiveLimit.DeclaredSize, _entry, declared, EntryBytes);
        if (EntryBytes > _limits.MaxEntryBytes)
            return new ArchiveLimitExceeded(ArchiveLimit.EntryBytes, _entry, _limits.MaxEntryBytes, EntryBytes);
        if (TotalBytes > _limits.MaxTotalBytes)
            return new ArchiveLimitExceeded(ArchiveLimit.TotalBytes, _entry, _limits.MaxTotalBytes, TotalBytes);
        if (EntryBytes >= _limits.RatioCheckFromBytes && EntryBytes > _limits.MaxRatio * _compressed)
            return new ArchiveLimitExceeded(ArchiveLimit.Ratio, _entry, _limits.MaxRatio, EntryBytes / _compressed);
        return null;
    }

    /// <summary>
    /// Checks sizes a header declares, before inflating (a quick refusal of an honest bomb); the
    /// counted bytes are still checked by <see cref="Add"/>.
    /// </summary>
    /// <param name="name">The entry's name.</param>
    /// <param name="compressedBytes">Declared compressed size.</param>
    /// <param name="uncompressedBytes">Declared uncompressed size.</param>
    /// <param name="totalSoFar">Declared uncompressed bytes of the entries before it.</param>
    /// <returns>The broken limit, or <see langword="null"/>.</returns>
    public ArchiveLimitExceeded? CheckDeclared(string name, long compressedBytes, long uncompressedBytes, long totalSoFar)
    {
        if (uncompressedBytes > _limits.MaxEntryBytes)
            return new ArchiveLimitExceeded(ArchiveLimit.EntryBytes, name, _limits.MaxEntryBytes, uncompressedBytes);
        if (totalSoFar + uncompressedBytes > _limits.MaxTotalBytes)
            return new ArchiveLimitExceeded(ArchiveLimit.TotalBytes, name, _limits.MaxTotalBytes, totalSoFar + uncompressedBytes);
        var compressed = Math.Max(1, compressedBytes);
        if (uncompressedBytes >= _limits.RatioCheckFromBytes && uncompressedBytes > _limits.MaxRatio * compressed)
            return new ArchiveLimitExceeded(ArchiveLimit.Ratio, name, _limits.MaxRatio, uncompressedBytes / compressed);
        return null;
    }
}
