using NoOneLeftBehind.Domain.Dossiers;
using NoOneLeftBehind.Infrastructure.Archives;

namespace NoOneLeftBehind.Functions.Dossiers;

/// <summary>Settings of the dossier feature (section <c>Dossiers</c>).</summary>
public sealed class DossierOptions
{
    /// <summary>Section name.</summary>
    public const string Section = "Dossiers";

    /// <summary>Largest file in MB (50).</summary>
    public int MaxFileMegabytes { get; set; } = 50;

    /// <summary>Largest dossier in MB (200).</summary>
    public int MaxDossierMegabytes { get; set; } = 200;

    /// <summary>Most files per dossier (the dossier row stays well under the 1 MB entity limit).</summary>
    public int MaxFilesPerDossier { get; set; } = 60;

    /// <summary>Lifetime of an upload SAS in minutes (15).</summary>
    public int UploadSasMinutes { get; set; } = 15;

    /// <summary>Lifetime of a download SAS in minutes (5).</summary>
    public int DownloadSasMinutes { get; set; } = 5;

    /// <summary>
    /// A staging blob (what an upload link writes) of a file still pending is kept this many hours after its last
    /// write, for a resumed upload (168: the week the service keeps uncommitted blocks); any other is swept at once.
    /// </summary>
    public int StagingRetentionHours { get; set; } = 168;

    /// <summary>A submitted dossier with no result after this many minutes is put on the queue again by the reminder timer.</summary>
    public int RequeueSubmittedAfterMinutes { get; set; } = 15;

    /// <summary>Seed demo dossiers at start; default: true in Development, refused elsewhere.</summary>
    public bool? SeedDemoData { get; set; }

    /// <summary>
    /// What a DOCX/XLSX evidence file may inflate to (<c>Dossiers:ZipLimits:*</c>): 5,000 entries, 300 MB in
    /// all, 100 MB per entry, 100:1 for an entry past 1,024 KB.
    /// </summary>
    public ArchiveLimitSettings ZipLimits { get; set; } = new()
    {
        MaxEntries = 5000,
        MaxUncompressedMegabytes = 300,
        MaxEntryMegabytes = 100,
        MaxRatio = 100,
        RatioCheckFromKilobytes = 1024,
    };

    /// <summary>Test-only fault injection (Development only: <see cref="Hosting.DevelopmentOnly"/>).</summary>
    public DossierTestFaults TestFaults { get; set; } = new();

    /// <summary>The limits as the domain takes them.</summary>
    public DossierFileLimits FileLimits => new()
    {
        MaxFileBytes = MaxFileMegabytes * 1024L * 1024,
        MaxDossierBytes = MaxDossierMegabytes * 1024L * 1024,
        MaxFiles = MaxFilesPerDossier,
        Zip = ZipLimits.ToLimits(),
    };
}

/// <summary>Faults the evaluation function can be told to simulate, for reliability tests; Development only.</summary>
public sealed class DossierTestFaults
{
    /// <summary>The evaluation throws on every attempt for nominees whose name contains this text.</summary>
    public string? FailEvaluationWhenNomineeContains { get; set; }

    /// <summary>The first attempt of an evaluation waits this long before storing anything (to be killed mid-way).</summary>
    public int FirstAttemptDelayMs { get; set; }

    /// <summary>
    /// Submitting a list (<c>POST /api/nominee-lists/{id}/submit</c>) stops with an error after forwarding this many of its
    /// dossiers, as a crash would; the hourly timer (or a retry) forwards the rest.
    /// </summary>
    public int? InterruptListForwardingAfter { get; set; }

    /// <summary>True when any fault is set.</summary>
    public bool Any => !string.IsNullOrEmpty(FailEvaluationWhenNomineeContains) || FirstAttemptDelayMs > 0 || InterruptListForwardingAfter is not null;
}

/// <summary>
/// The clock of business time (deadlines, reminders, timestamps of dossiers). In Development it can
/// be set to another date (<c>Clock:FixedNow</c>, or <c>POST /dev/clock</c> as Admin) so that a
/// newcomer can walk a live submission in 2023; it then runs on from that instant. Storage, tokens
/// and SAS always use the real <see cref="TimeProvider"/>.
/// </summary>
public sealed class DossierClock
{
    private readonly TimeProvider _real;
    private TimeSpan _shift;

    /// <summary>A clock on real time shifted so that "now" is <paramref name="fixedNow"/> at start (if given).</summary>
    public DossierClock(TimeProvider real, DateTimeOffset? fixedNow)
    {
        ArgumentNullException.ThrowIfNull(real);
        _real = real;
        if (fixedNow is { } f) _shift = f - real.GetUtcNow();
    }

    /// <summary>True when the clock is not real time.</summary>
    public bool IsShifted => _shift != TimeSpan.Zero;

    /// <summary>Business "now" (UTC).</summary>
    public DateTimeOffset UtcNow => _real.GetUtcNow() + _shift;

    /// <summary>Sets "now" (Development only: the endpoint is not mapped elsewhere).</summary>
    public void Set(DateTimeOffset now) => _shift = now - _real.GetUtcNow();
}
