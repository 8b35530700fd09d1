using NoOneLeftBehind.Domain.Archives;

namespace NoOneLeftBehind.Infrastructure.Archives;

/// <summary>
/// <see cref="ArchiveLimits"/> as app settings, in the units people write (MB, KB). Each feature binds
/// its own section (<c>Statistics:XlsxLimits</c>, <c>Dossiers:ZipLimits</c>) with its own defaults.
/// </summary>
public sealed class ArchiveLimitSettings
{
    /// <summary>Most entries (parts) in a package.</summary>
    public int MaxEntries { get; set; } = 10_000;

    /// <summary>Most megabytes all entries together may inflate to.</summary>
    public int MaxUncompressedMegabytes { get; set; } = 100;

    /// <summary>Most megabytes one entry may inflate to.</summary>
    public int MaxEntryMegabytes { get; set; } = 50;

    /// <summary>Highest expansion ratio (N means N:1) of an entry past <see cref="RatioCheckFromKilobytes"/>.</summary>
    public int MaxRatio { get; set; } = 100;

    /// <summary>Entries are ratio-checked once they have inflated this many kilobytes.</summary>
    public int RatioCheckFromKilobytes { get; set; } = 1024;

    /// <summary>The limits in bytes, as the scanner takes them.</summary>
    /// <returns>The limits.</returns>
    /// <exception cref="InvalidOperationException">A setting is zero or negative.</exception>
    public ArchiveLimits ToLimits()
    {
        if (MaxEntries <= 0 || MaxUncompressedMegabytes <= 0 || MaxEntryMegabytes <= 0 || MaxRatio <= 0 || RatioCheckFromKilobytes < 0)
            throw new InvalidOperationException("Archive limits must be positive (MaxEntries, MaxUncompressedMegabytes, MaxEntryMegabytes, MaxRatio, RatioCheckFromKilobytes).");
        return new ArchiveLimits
        {
            MaxEntries = MaxEntries,
            MaxTotalBytes = MaxUncompressedMegabytes * 1024L * 1024,
            MaxEntryBytes = MaxEntryMegabytes * 1024L * 1024,
            MaxRatio = MaxRatio,
            RatioCheckFromBytes = RatioCheckFromKilobytes * 1024L,
        };
    }
}
