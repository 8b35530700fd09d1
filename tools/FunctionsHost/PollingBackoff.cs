namespace NoOneLeftBehind.FunctionsHost;

/// <summary>
/// The waits of one queue listener between polls that found nothing. As the Functions host's queue listener: after a
/// poll that found messages the next empty poll waits <see cref="Minimum"/>, and each further empty poll doubles the
/// wait up to host.json's <c>maxPollingInterval</c>. In addition, when one of the listener's own messages finishes, the
/// listener polls at once and the waits after it start at <see cref="AfterCompletion"/> (then double as usual): work
/// comes in chains — a function's effect brings the next message (an evaluation the next submission, a probe's report
/// the next probe) a few milliseconds later — and a short first wait finds it without waiting out the minimum
/// (docs/benchmarks.md, "Hosting": queue round trip). It costs a few more empty polls after each completion.
/// </summary>
internal sealed class PollingBackoff(TimeSpan maxPollingInterval)
{
    /// <summary>The wait after the first empty poll that follows messages (the Functions host's minimum, 100 ms).</summary>
    public static readonly TimeSpan Minimum = TimeSpan.FromMilliseconds(100);

    /// <summary>The first wait after a completion woke the listener.</summary>
    public static readonly TimeSpan AfterCompletion = TimeSpan.FromMilliseconds(1);

    private readonly TimeSpan _maximum = maxPollingInterval > Minimum ? maxPollingInterval : Minimum;
    private TimeSpan _next = Minimum;

    /// <summary>A poll found messages.</summary>
    public void Found() => _next = Minimum;

    /// <summary>One of the listener's messages finished while it waited (the listener polls again at once).</summary>
    public void Completed() => _next = AfterCompletion;

    /// <summary>A poll found nothing: how long to wait before the next one.</summary>
    public TimeSpan Empty()
    {
        var wait = _next;
        _next = TimeSpan.FromTicks(Math.Min(_next.Ticks * 2, _maximum.Ticks));
        return wait;
    }
}
