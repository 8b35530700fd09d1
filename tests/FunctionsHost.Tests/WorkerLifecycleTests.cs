using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace NoOneLeftBehind.FunctionsHost.Tests;

/// <summary>The supervisor: a worker that dies is restarted; meanwhile HTTP gets 503 + Retry-After.</summary>
[Collection(SampleHostCollection.Name)]
public sealed class WorkerLifecycleTests(SampleHostFixture fixture)
{
    [Fact]
    public async Task WorkerKilled_HttpGets503WithRetryAfter_ThenANewWorkerAnswers()
    {
        await fixture.Host.WaitForWorkerAsync();
        var before = int.Parse(await fixture.Http.GetStringAsync(new Uri("api/pid", UriKind.Relative)), CultureInfo.InvariantCulture);
        using (var worker = Process.GetProcessById(before))
        {
            worker.Kill(entireProcessTree: true);
            await worker.WaitForExitAsync();
        }
        // The host has noticed once it no longer offers the dead worker's endpoint; the restart waits RestartDelay (3 s).
        await SampleHostFixture.EventuallyAsync(() => fixture.Host.WorkerHttpUri is null, "the host noticing the worker's death");

        using (var during = await fixture.Http.GetAsync(new Uri("api/pid", UriKind.Relative)))
        {
            during.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
            during.Headers.RetryAfter.ShouldNotBeNull();
            during.Headers.RetryAfter.Delta!.Value.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(1));
            (await during.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("worker-unavailable");
        }

        await fixture.Host.WaitForWorkerAsync();
        var after = int.Parse(await fixture.Http.GetStringAsync(new Uri("api/pid", UriKind.Relative)), CultureInfo.InvariantCulture);
        after.ShouldNotBe(before);
        after.ShouldBe(fixture.Host.WorkerProcessId!.Value);
    }
}
