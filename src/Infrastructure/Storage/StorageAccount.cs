using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using System.Globalization;
using Azure.Core;
using Azure.Identity;

namespace NoOneLeftBehind.Infrastructure.Storage;

/// <summary>
/// Where the account's three services live and how requests to them are authorised: with the account key
/// (Shared Key, Azurite and key-based accounts) or with an Entra token (managed identity in Azure).
/// </summary>
public sealed class StorageAccount
{
    public const string DevelopmentAccountName = "devstoreaccount1";

    // Azurite's documented, public emulator key.
    private const string DevelopmentAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private StorageAccount(string name, Uri blob, Uri queue, Uri table, string? accountKey, TokenCredential? tokenCredential)
    {
        Name = name;
        BlobEndpoint = WithoutTrailingSlash(blob);
        QueueEndpoint = WithoutTrailingSlash(queue);
        TableEndpoint = WithoutTrailingSlash(table);
        _accountKey = accountKey;
        TokenCredential = tokenCredential;
    }

    public string Name { get; }

    public Uri BlobEndpoint { get; }

    public Uri QueueEndpoint { get; }

    public Uri TableEndpoint { get; }

    /// <summary>Set when requests carry an Entra bearer token.</summary>
    public TokenCredential? TokenCredential { get; }

    public static StorageAccount WithSharedKey(string accountName, string accountKey, Uri blobEndpoint, Uri queueEndpoint, Uri tableEndpoint)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accountName);
        ArgumentException.ThrowIfNullOrWhiteSpace(accountKey);
        // Said here, once, naming the account and never the key; the SDK would fail later, on the first request.
        if (!Convert.TryFromBase64String(accountKey, new byte[accountKey.Length], out _))
            throw new InvalidOperationException($"The account key of storage account '{accountName}' is not valid base64.");
        return new(accountName, blobEndpoint, queueEndpoint, tableEndpoint, accountKey, null);
    }

    // Only to build the SDK's own credentials; never logged, never exposed.
    private readonly string? _accountKey;

    /// <summary>True when requests are signed with the account key (Azurite, key-based accounts); false with an Entra credential.</summary>
    public bool UsesAccountKey => _accountKey is not null;

    /// <summary>The Table service client for this account (account key or Entra credential).</summary>
    public TableServiceClient CreateTableServiceClient(TableClientOptions? options = null) => _accountKey is { } key
        ? new TableServiceClient(TableEndpoint, new TableSharedKeyCredential(Name, key), options)
        : new TableServiceClient(TableEndpoint, TokenCredential!, options);

    /// <summary>The Blob service client for this account.</summary>
    public BlobServiceClient CreateBlobServiceClient(BlobClientOptions? options = null) => _accountKey is { } key
        ? new BlobServiceClient(BlobEndpoint, new Azure.Storage.StorageSharedKeyCredential(Name, key), options)
        : new BlobServiceClient(BlobEndpoint, TokenCredential!, options);

    /// <summary>The Queue service client for this account.</summary>
    public QueueServiceClient CreateQueueServiceClient(QueueClientOptions? options = null) => _accountKey is { } key
        ? new QueueServiceClient(QueueEndpoint, new Azure.Storage.StorageSharedKeyCredential(Name, key), options)
        : new QueueServiceClient(QueueEndpoint, TokenCredential!, options);

    public static StorageAccount WithTokenCredential(string accountName, TokenCredential credential, Uri blobEndpoint, Uri queueEndpoint, Uri tableEndpoint)
    {
        ArgumentNullException.ThrowIfNull(credential);
        return new(accountName, blobEndpoint, queueEndpoint, tableEndpoint, null, credential);
    }

    /// <summary>Azurite on 127.0.0.1 with the given ports (defaults 10000/10001/10002).</summary>
    public static StorageAccount Development(int blobPort = 10000, int queuePort = 10001, int tablePort = 10002, string host = "127.0.0.1") =>
        WithSharedKey(DevelopmentAccountName, DevelopmentAccountKey,
            new Uri(string.Create(CultureInfo.InvariantCulture, $"http://{host}:{blobPort}/{DevelopmentAccountName}")),
            new Uri(string.Create(CultureInfo.InvariantCulture, $"http://{host}:{queuePort}/{DevelopmentAccountName}")),
            new Uri(string.Create(CultureInfo.InvariantCulture, $"http://{host}:{tablePort}/{DevelopmentAccountName}")));

    /// <summary>
    /// Resolves options into an account. Throws <see cref="InvalidOperationException"/> naming the setting that is wrong;
    /// the message never contains the key.
    /// </summary>
    public static StorageAccount FromOptions(StorageOptions options, TokenCredential? credentialOverride = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            var fromConnectionString = Parse(options.ConnectionString);
            return new StorageAccount(
                fromConnectionString.Name,
                options.BlobServiceUri ?? fromConnectionString.BlobEndpoint,
                options.QueueServiceUri ?? fromConnectionString.QueueEndpoint,
                options.TableServiceUri ?? fromConnectionString.TableEndpoint,
                fromConnectionString._accountKey,
                null);
        }
        if (!string.IsNullOrWhiteSpace(options.AccountName))
        {
            var name = options.AccountName.Trim();
            var credential = credentialOverride ?? CreateCredential(options);
            return WithTokenCredential(name, credential,
                options.BlobServiceUri ?? new Uri($"https://{name}.blob.core.windows.net"),
                options.QueueServiceUri ?? new Uri($"https://{name}.queue.core.windows.net"),
                options.TableServiceUri ?? new Uri($"https://{name}.table.core.windows.net"));
        }
        var development = Development();
        return new StorageAccount(development.Name,
            options.BlobServiceUri ?? development.BlobEndpoint,
            options.QueueServiceUri ?? development.QueueEndpoint,
            options.TableServiceUri ?? development.TableEndpoint,
            development._accountKey, null);
    }

    /// <summary>
    /// Parses a storage connection string: <c>UseDevelopmentStorage=true</c>, or
    /// <c>DefaultEndpointsProtocol/AccountName/AccountKey[/EndpointSuffix][/BlobEndpoint/QueueEndpoint/TableEndpoint]</c>.
    /// </summary>
    public static StorageAccount Parse(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var parts = connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            // Split at the first '=' only: base64 keys end in '='.
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                // Never echo the part itself: it could be the key.
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"DataStorage connection string: part {i + 1} is not 'name=value'."));
            }
            settings[part[..equals].Trim()] = part[(equals + 1)..].Trim();
        }

        if (settings.TryGetValue("UseDevelopmentStorage", out var dev) && bool.TryParse(dev, out var useDev) && useDev)
        {
            if (settings.ContainsKey("DevelopmentStorageProxyUri"))
            {
                throw new InvalidOperationException("DataStorage connection string: DevelopmentStorageProxyUri is not supported; set BlobEndpoint/QueueEndpoint/TableEndpoint or DataStorage:BlobServiceUri etc. instead.");
            }
            return Development();
        }
        if (settings.ContainsKey("SharedAccessSignature"))
        {
            throw new InvalidOperationException("DataStorage connection string: SAS connection strings are not supported; use an account key, UseDevelopmentStorage=true or identity-based settings (DataStorage:AccountName).");
        }
        if (!settings.TryGetValue("AccountName", out var account) || string.IsNullOrWhiteSpace(account))
        {
            throw new InvalidOperationException("DataStorage connection string: AccountName is missing.");
        }
        if (!settings.TryGetValue("AccountKey", out var key) || string.IsNullOrWhiteSpace(key))
        {
            throw new InvalidOperationException("DataStorage connection string: AccountKey is missing.");
        }
        var protocol = settings.GetValueOrDefault("DefaultEndpointsProtocol", "https");
        var suffix = settings.GetValueOrDefault("EndpointSuffix", "core.windows.net");
        return WithSharedKey(account, key,
            Endpoint(settings, "BlobEndpoint", protocol, account, "blob", suffix),
            Endpoint(settings, "QueueEndpoint", protocol, account, "queue", suffix),
            Endpoint(settings, "TableEndpoint", protocol, account, "table", suffix));
    }

    public override string ToString() =>
        $"StorageAccount {{ Name = {Name}, Blob = {BlobEndpoint}, Queue = {QueueEndpoint}, Table = {TableEndpoint}, Auth = {(_accountKey is null ? "token" : "shared key")} }}";

    private static Uri Endpoint(Dictionary<string, string> settings, string key, string protocol, string account, string service, string suffix)
    {
        if (settings.TryGetValue(key, out var explicitEndpoint))
        {
            if (!Uri.TryCreate(explicitEndpoint, UriKind.Absolute, out var uri))
            {
                throw new InvalidOperationException($"DataStorage connection string: {key} is not an absolute URI.");
            }
            return uri;
        }
        return new Uri($"{protocol}://{account}.{service}.{suffix}");
    }

    private static TokenCredential CreateCredential(StorageOptions options)
    {
        var clientId = string.IsNullOrWhiteSpace(options.ClientId) ? null : options.ClientId.Trim();
        if (string.Equals(options.Credential?.Trim(), "managedidentity", StringComparison.OrdinalIgnoreCase))
        {
            return new ManagedIdentityCredential(clientId is null
                ? ManagedIdentityId.SystemAssigned
                : ManagedIdentityId.FromUserAssignedClientId(clientId));
        }
        var defaults = new DefaultAzureCredentialOptions();
        if (clientId is not null)
        {
            defaults.ManagedIdentityClientId = clientId;
        }
        return new DefaultAzureCredential(defaults);
    }

    private static Uri WithoutTrailingSlash(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var text = uri.AbsoluteUri;
        return text.EndsWith('/') ? new Uri(text.TrimEnd('/')) : uri;
    }
}
