using Azure;
using Azure.Core;

namespace NoOneLeftBehind.Infrastructure.Storage.Core;

/// <summary>
/// A storage call answered with a status the caller did not expect. Carries the HTTP status, the service's
/// error code (<c>x-ms-error-code</c>, or the code in the body) and the request id for support.
/// </summary>
public sealed class StorageRequestException : RequestFailedException
{
    public StorageRequestException() : base("A storage request failed.")
    {
    }

    public StorageRequestException(string message) : base(message)
    {
    }

    public StorageRequestException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public StorageRequestException(int status, string? errorCode, string operation, string? serviceMessage, string? requestId)
        : base(status, Compose(status, errorCode, operation, serviceMessage, requestId), errorCode, null)
    {
        Operation = operation;
        RequestId = requestId;
    }

    /// <summary>What we were doing, e.g. "Put Blob dossiers/x.pdf".</summary>
    public string? Operation { get; }

    public string? RequestId { get; }

    internal static StorageRequestException FromResponse(Response response, string operation)
    {
        var errorCode = response.Headers.TryGetValue("x-ms-error-code", out var code) ? code : null;
        string? serviceMessage = null;
        try
        {
            var body = response.Content?.ToString();
            if (!string.IsNullOrWhiteSpace(body))
            {
                (var bodyCode, serviceMessage) = StorageErrorBody.Parse(body);
                errorCode ??= bodyCode;
            }
        }
        catch (InvalidOperationException)
        {
            // An unbuffered (streamed) response has no readable content here; the header is enough.
        }
        response.Headers.TryGetValue("x-ms-request-id", out var requestId);
        return new StorageRequestException(response.Status, errorCode, operation, serviceMessage, requestId);
    }

    private static string Compose(int status, string? errorCode, string operation, string? serviceMessage, string? requestId)
    {
        var text = $"{operation} failed: HTTP {status}";
        if (!string.IsNullOrEmpty(errorCode))
        {
            text += $" ({errorCode})";
        }
        if (!string.IsNullOrWhiteSpace(serviceMessage))
        {
            var firstLine = serviceMessage.Split('\n', 2)[0].Trim();
            text += ": " + firstLine;
        }
        if (!string.IsNullOrEmpty(requestId))
        {
            text += $" [request {requestId}]";
        }
        return text;
    }
}
