using System.Globalization;
using Azure.Core;
using Azure.Core.Pipeline;

namespace NoOneLeftBehind.Infrastructure.Storage.Core;

/// <summary>Which service a pipeline talks to: Table signs a different string than Blob and Queue.</summary>
public enum StorageService
{
    Blob,
    Queue,
    Table,
}

/// <summary>Stamps <c>x-ms-version</c> and a fresh <c>x-ms-date</c> on every attempt.</summary>
internal sealed class StorageHeadersPolicy(string serviceVersion, TimeProvider timeProvider) : HttpPipelineSynchronousPolicy
{
    public override void OnSendingRequest(HttpMessage message)
    {
        message.Request.Headers.SetValue("x-ms-version", serviceVersion);
        message.Request.Headers.SetValue("x-ms-date", timeProvider.GetUtcNow().ToString("R", CultureInfo.InvariantCulture));
    }
}

/// <summary>
/// Shared Key authorisation. A per-retry policy: it must run after Azure.Core adds <c>x-ms-client-request-id</c>
/// (every <c>x-ms-*</c> header is signed) and each attempt carries its own date.
/// </summary>
internal sealed class SharedKeyPolicy(StorageSharedKeyCredential credential, StorageService service) : HttpPipelineSynchronousPolicy
{
    public override void OnSendingRequest(HttpMessage message)
    {
        var request = message.Request;
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in request.Headers)
        {
            headers[header.Name] = header.Value;
        }
        // Azure.Core's transport sets Content-Length itself, after this policy ran: sign what it will send.
        if (request.Content is not null && request.Content.TryComputeLength(out var length))
        {
            headers["Content-Length"] = length.ToString(CultureInfo.InvariantCulture);
        }
        else
        {
            headers.Remove("Content-Length");
        }
        var uri = request.Uri.ToUri();
        var stringToSign = service == StorageService.Table
            ? SharedKeyStringToSign.ForTable(request.Method.Method, uri, headers, credential.AccountName)
            : SharedKeyStringToSign.ForBlobOrQueue(request.Method.Method, uri, headers, credential.AccountName);
        request.Headers.SetValue("Authorization", "SharedKey " + credential.AccountName + ":" + credential.Sign(stringToSign));
    }
}

/// <summary>Retries 408, 429, 500 and 503 (and transport failures); everything else is the caller's to handle.</summary>
internal sealed class StorageResponseClassifier : ResponseClassifier
{
    public override bool IsRetriableResponse(HttpMessage message) =>
        message.Response.Status is 408 or 429 or 500 or 503;
}
