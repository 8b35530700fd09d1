namespace NoOneLeftBehind.FunctionsHost.Tests;

/// <summary>The queue listener's waits between empty polls (host.json maxPollingInterval; a completion starts them short).</summary>
public sealed class PollingBackoffTests
{
    private static readonly TimeSpan Ms = TimeSpan.FromMilliseconds(1);

    [Fact]
    public void EmptyPolls_WaitFromTheMinimum_DoublingUpToMaxPollingInterval()
    {
        var backoff = new PollingBackoff(TimeSpan.FromSeconds(1));

        Waits(backoff, 6).ShouldBe([100 * Ms, 200 * Ms, 400 * Ms, 800 * Ms, 1000 * Ms, 1000 * Ms]);
    }

    [Fact]
    public void MessagesFound_TheNextEmptyPollWaitsTheMinimumAgain()
    {
        var backoff = new PollingBackoff(TimeSpan.FromSeconds(2));
        Waits(backoff, 4);

        backoff.Found();

        Waits(backoff, 2).ShouldBe([100 * Ms, 200 * Ms]);
    }

    [Fact]
    public void ACompletion_StartsTheWaitsShort_ThenTheyDoubleToMaxPollingInterval()
    {
        var backoff = new PollingBackoff(TimeSpan.FromMilliseconds(100));
        Waits(backoff, 3).ShouldBe([100 * Ms, 100 * Ms, 100 * Ms]);

        backoff.Completed();

        Waits(backoff, 9).ShouldBe([1 * Ms, 2 * Ms, 4 * Ms, 8 * Ms, 16 * Ms, 32 * Ms, 64 * Ms, 100 * Ms, 100 * Ms]);
    }

    [Fact]
    public void MaxPollingInterval_BelowTheMinimum_TheMinimumHolds()
    {
        var backoff = new PollingBackoff(TimeSpan.FromMilliseconds(10));

        Waits(backoff, 2).ShouldBe([100 * Ms, 100 * Ms]);
    }

    private static TimeSpan[] Waits(PollingBackoff backoff, int count) => Enumerable.Range(0, count).Select(_ => backoff.Empty()).ToArray();
}
