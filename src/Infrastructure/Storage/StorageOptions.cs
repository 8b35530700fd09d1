namespace NoOneLeftBehind.Infrastructure.Storage;

/// <summary>
/// Configuration section <c>DataStorage</c>. Either a <see cref="ConnectionString"/> (Azurite, or a key-based
/// account) or identity-based settings named like the Functions host's <c>AzureWebJobsStorage__*</c> ones:
/// <c>DataStorage__accountName</c>, <c>DataStorage__blobServiceUri</c>, <c>DataStorage__credential</c>,
/// <c>DataStorage__clientId</c>. Explicit service URIs override the endpoints of a connection string, which is
/// how the run script and the tests point the app at an Azurite on other ports.
/// </summary>
public sealed class StorageOptions
{
    public const string SectionName = "DataStorage";

    /// <summary>Azurite's well-known development account; the key is public and documented, not a secret.</summary>
    public const string DevelopmentConnectionString = "UseDevelopmentStorage=true";

    public string? ConnectionString { get; set; }

    public string? AccountName { get; set; }

    public Uri? BlobServiceUri { get; set; }

    public Uri? QueueServiceUri { get; set; }

    public Uri? TableServiceUri { get; set; }

    /// <summary><c>managedidentity</c> to use only the managed identity; anything else (or nothing) uses DefaultAzureCredential.</summary>
    public string? Credential { get; set; }

    /// <summary>Client id of a user-assigned managed identity.</summary>
    public string? ClientId { get; set; }

    /// <summary>Timeout of each call made by the health probe.</summary>
    public TimeSpan HealthProbeTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>True when neither a connection string nor an account name is configured.</summary>
    public bool IsEmpty => string.IsNullOrWhiteSpace(ConnectionString) && string.IsNullOrWhiteSpace(AccountName);

    // Options objects end up in logs and debugger views; keep the key out of them.
    public override string ToString() =>
        $"StorageOptions {{ ConnectionString = {(string.IsNullOrEmpty(ConnectionString) ? "(none)" : "(set, redacted)")}, AccountName = {AccountName}, " +
        $"BlobServiceUri = {BlobServiceUri}, QueueServiceUri = {QueueServiceUri}, TableServiceUri = {TableServiceUri}, Credential = {Credential}, ClientId = {ClientId} }}";
}
