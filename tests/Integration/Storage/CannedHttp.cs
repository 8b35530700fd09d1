using System.Net;
using Azure.Core.Pipeline;
using NoOneLeftBehind.Infrastructure.Storage;
using NoOneLeftBehind.Infrastructure.Storage.Core;

namespace NoOneLeftBehind.Integration.Tests.Storage;

/// <summary>
/// Scripted HTTP answers for protocol edge cases a real Azurite cannot be made to produce on demand (empty
/// continuation pages, 503 with Retry-After). Everything else is tested against Azurite itself.
/// </summary>
internal sealed class CannedHttp : HttpMessageHandler
{
    private readonly Queue<Func<HttpRequestMessage, HttpResponseMessage>> _answers = new();

    public List<HttpRequestMessage> Requests { get; } = [];

    public CannedHttp Then(Func<HttpRequestMessage, HttpResponseMessage> answer)
    {
        _answers.Enqueue(answer);
        return this;
    }

    public CannedHttp Then(HttpStatusCode status, string body = "", params (string Name, string Value)[] headers) => Then(_ =>
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(body) };
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }
        return response;
    });

    public StorageClientOptions Options(TimeProvider? time = null)
    {
        var options = new StorageClientOptions { Transport = new HttpClientTransport(new HttpClient(this)) };
        options.Retry.Delay = TimeSpan.FromMilliseconds(10);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(50);
        if (time is not null)
        {
            options.TimeProvider = time;
        }
        return options;
    }

    public static StorageAccount Account => StorageAccount.Development(1, 2, 3);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests.Add(request);
        if (_answers.Count == 0)
        {
            throw new InvalidOperationException($"No canned answer left for {request.Method} {request.RequestUri}");
        }
        return Task.FromResult(_answers.Dequeue()(request));
    }
}
