using System.Globalization;
using System.Text;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace NoOneLeftBehind.Infrastructure.Storage.Core;

/// <summary>What the three REST clients share: one pipeline per service, URI building and status checking.</summary>
public abstract class StorageRestClient
{
    /// <summary>Entra scope for Blob, Queue and Table data-plane calls.</summary>
    public const string StorageScope = "https://storage.azure.com/.default";

    private readonly string _endpoint;

    protected StorageRestClient(StorageAccount account, StorageService service, StorageClientOptions? options)
    {
        ArgumentNullException.ThrowIfNull(account);
        Account = account;
        Options = options ?? new StorageClientOptions();
        Service = service;
        Endpoint = service switch
        {
            StorageService.Blob => account.BlobEndpoint,
            StorageService.Queue => account.QueueEndpoint,
            _ => account.TableEndpoint,
        };
        _endpoint = Endpoint.AbsoluteUri.TrimEnd('/');
        Pipeline = CreatePipeline(account, service, Options);
    }

    public StorageAccount Account { get; }

    public Uri Endpoint { get; }

    protected StorageClientOptions Options { get; }

    protected StorageService Service { get; }

    protected HttpPipeline Pipeline { get; }

    protected TimeProvider Time => Options.TimeProvider;

    internal static HttpPipeline CreatePipeline(StorageAccount account, StorageService service, StorageClientOptions options)
    {
        HttpPipelinePolicy authorization = account.SharedKey is not null
            ? new SharedKeyPolicy(account.SharedKey, service)
            : new BearerTokenAuthenticationPolicy(account.TokenCredential!, StorageScope);
        return HttpPipelineBuilder.Build(
            options,
            [],
            [new StorageHeadersPolicy(options.ServiceVersion, options.TimeProvider), authorization],
            new StorageResponseClassifier());
    }

    /// <summary>The absolute URI of a path below the service endpoint; <paramref name="escapedPath"/> is already percent-encoded.</summary>
    protected internal Uri BuildUri(string escapedPath, IEnumerable<KeyValuePair<string, string?>>? query = null)
    {
        var sb = new StringBuilder(_endpoint);
        if (!string.IsNullOrEmpty(escapedPath))
        {
            sb.Append('/').Append(escapedPath);
        }
        var separator = '?';
        foreach (var (name, value) in query ?? [])
        {
            if (value is null)
            {
                continue;
            }
            sb.Append(separator).Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
            separator = '&';
        }
        return new Uri(sb.ToString());
    }

    protected HttpMessage CreateMessage(RequestMethod method, Uri uri)
    {
        var message = Pipeline.CreateMessage();
        message.Request.Method = method;
        message.Request.Uri.Reset(uri);
        return message;
    }

    /// <summary>Sends and returns the response when its status is one of <paramref name="expected"/>; otherwise throws <see cref="StorageRequestException"/>.</summary>
    protected async Task<Response> SendAsync(HttpMessage message, string operation, CancellationToken cancellationToken, params int[] expected)
    {
        ArgumentNullException.ThrowIfNull(message);
        await Pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var response = message.Response;
        if (Array.IndexOf(expected, response.Status) < 0)
        {
            throw StorageRequestException.FromResponse(response, operation);
        }
        return response;
    }

    protected static string Header(Response response, string name) =>
        response.Headers.TryGetValue(name, out var value) ? value : "";

    protected static DateTimeOffset ParseHttpDate(string value) =>
        DateTimeOffset.ParseExact(value, "R", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    protected static string Seconds(TimeSpan span) =>
        ((long)Math.Ceiling(span.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
}
