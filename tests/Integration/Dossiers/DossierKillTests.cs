using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NoOneLeftBehind.Domain.Dossiers;
using NoOneLeftBehind.Infrastructure.Dossiers;
using NoOneLeftBehind.TestSupport;

namespace NoOneLeftBehind.Integration.Tests.Dossiers;

/// <summary>
/// The app as it runs in Azure — tools/FunctionsHost and the isolated worker, real processes — killed with SIGKILL
/// (host and worker) while the worker evaluates: after a restart the dossier is evaluated, exactly once. The dossier is
/// created and submitted over HTTP through the in-process test host, whose queue triggers are off, so only the host's
/// queue trigger takes messages.
/// </summary>
public sealed class DossierKillTests(AzuriteFixture azurite) : DossierAppTests(azurite, new Dictionary<string, string> { ["InProcessTriggers:Enabled"] = "false" })
{
    [Fact]
    public async Task WorkerKilledMidEvaluation_AfterRestart_DossierIsEvaluatedExactlyOnce()
    {
        using var submitter = await _app.ClientForAsync("xa-ia-hru");
        var id = await Browser.CreateCompleteAndSubmitAsync(submitter, Browser.CommuneDossier("23971", "Xã Ia Hrú (tiến trình bị dừng)"));
        var queue = _app.EvaluationQueue();
        (await queue.PeekTextsAsync()).ShouldContain(m => m.Contains(id, StringComparison.Ordinal));
        var results = _app.Services.GetRequiredService<EvaluationResultStore>();

        // The first worker takes the message and is inside the evaluation (waiting before it stores anything) when it dies.
        using (var first = StartWorker())
        {
            var marker = $"Dossier {id} r1: test fault";
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while (!first.Output.Contains(marker, StringComparison.Ordinal) && !first.Process.HasExited && DateTime.UtcNow < deadline) await Task.Delay(100);
            first.Output.ShouldContain(marker, customMessage: first.Output);
            await first.KillAsync();
        }
        (await Browser.GetAsync(submitter, id)).GetProperty("status").GetString().ShouldBe("submitted");
        (await results.ListAsync(id)).ShouldBeEmpty();

        using var second = StartWorker();
        try
        {
            var evaluated = await Browser.WaitForStatusAsync(submitter, id, "evaluated", TimeSpan.FromSeconds(120));
            evaluated.GetProperty("revision").GetInt32().ShouldBe(1);
            // Let the second worker finish with the message (delete it), then look for any duplicate.
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (DateTime.UtcNow < deadline && (await queue.PeekTextsAsync()).Any(m => m.Contains(id, StringComparison.Ordinal))) await Task.Delay(200);
        }
        finally
        {
            await second.KillAsync();
        }

        var stored = await results.ListAsync(id);
        stored.Count.ShouldBe(1);
        stored[0].Revision.ShouldBe(1);
        stored[0].Attempt.ShouldBeGreaterThanOrEqualTo(2); // the redelivery did it, not the killed attempt
        (await queue.PeekTextsAsync()).ShouldNotContain(m => m.Contains(id, StringComparison.Ordinal));
        var poison = _app.EvaluationQueue("-poison");
        await poison.CreateIfNotExistsAsync();
        (await poison.PeekTextsAsync()).ShouldNotContain(m => m.Contains(id, StringComparison.Ordinal));
        var audit = await submitter.GetFromJsonAsync<JsonElement>($"/api/dossiers/{id}/audit");
        audit.EnumerateArray().Count(a => a.GetProperty("action").GetString() == "evaluate").ShouldBe(1);
        var row = await _app.Services.GetRequiredService<DossierProjection>().ListAsync("chu-puh-2021-2025", "mid-term", 2023).SingleAsync(r => r.DossierId == id);
        row.Status.ShouldBe(DossierStore.StatusWord(DossierStatus.Evaluated));
    }

    // A 10 s lease renewed every 5 s holds on a busy machine; the killed worker renews nothing, so the message reappears.
    private AppProcess StartWorker() => AppProcess.Start(new Dictionary<string, string>
    {
        ["DataStorage__ConnectionString"] = Azurite.ConnectionString,
        ["Statistics__SeedDemoData"] = "false",
        ["Dossiers__SeedDemoData"] = "false",
        ["Dossiers__TestFaults__FirstAttemptDelayMs"] = "120000",
    }, queueLease: TimeSpan.FromSeconds(10));
}
