namespace NoOneLeftBehind.Infrastructure.Statistics;

/// <summary>
/// Where poverty statistics live (section <c>Statistics</c>). The defaults are the names in
/// infra/bicep/storage-layout.json; tests give their own names so that they do not see each other's data.
/// </summary>
public sealed class StatisticsStorageOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Statistics";

    /// <summary>Batches, their rows, the head pointer and import jobs.</summary>
    public string StatisticsTable { get; set; } = "Statistics";

    /// <summary>Dashboard read models.</summary>
    public string ProjectionsTable { get; set; } = "Projections";

    /// <summary>Blob container of uploaded files (kept as evidence) and problem lists.</summary>
    public string ImportsContainer { get; set; } = "imports";

    /// <summary>Transactions (of up to 100 entities) in flight at once while writing.</summary>
    public int WriteParallelism { get; set; } = 8;
}
