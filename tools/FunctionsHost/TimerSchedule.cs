using System.Globalization;
using NCrontab;

namespace NoOneLeftBehind.FunctionsHost;

/// <summary>
/// A timer trigger's schedule: a six-field NCRONTAB expression (<c>{second} {minute} {hour} {day} {month} {day-of-week}</c>,
/// the Functions host's format; five fields are read as minutes) or a TimeSpan interval (<c>00:05:00</c>).
/// </summary>
internal sealed class TimerSchedule
{
    private readonly CrontabSchedule? _cron;
    private readonly TimeSpan _interval;
    private readonly TimeZoneInfo _zone;

    private TimerSchedule(CrontabSchedule? cron, TimeSpan interval, TimeZoneInfo zone) => (_cron, _interval, _zone) = (cron, interval, zone);

    /// <summary>Reads an expression; the times are those of <paramref name="zone"/> (the app setting WEBSITE_TIME_ZONE, else UTC).</summary>
    /// <exception cref="FormatException">Neither an NCRONTAB expression nor a positive time span.</exception>
    public static TimerSchedule Parse(string expression, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length is 5 or 6)
        {
            var cron = CrontabSchedule.TryParse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = fields.Length == 6 });
            return cron is not null ? new TimerSchedule(cron, TimeSpan.Zero, zone)
                : throw new FormatException($"The timer schedule \"{expression}\" is not a valid NCRONTAB expression.");
        }
        if (TimeSpan.TryParse(expression, CultureInfo.InvariantCulture, out var interval) && interval > TimeSpan.Zero)
            return new TimerSchedule(null, interval, zone);
        throw new FormatException($"The timer schedule \"{expression}\" is neither a six-field NCRONTAB expression nor a time span.");
    }

    /// <summary>The first occurrence strictly after <paramref name="after"/>.</summary>
    public DateTimeOffset Next(DateTimeOffset after)
    {
        if (_cron is null) return after + _interval;
        var local = TimeZoneInfo.ConvertTime(after, _zone).DateTime;
        var next = _cron.GetNextOccurrence(local);
        return new DateTimeOffset(next, _zone.GetUtcOffset(next));
    }
}
