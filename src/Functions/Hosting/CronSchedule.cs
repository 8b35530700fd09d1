using System.Globalization;

namespace NoOneLeftBehind.Functions.Hosting;

/// <summary>
/// An NCRONTAB schedule as the Functions timer trigger reads it: six fields
/// <c>{second} {minute} {hour} {day} {month} {day-of-week}</c>, each <c>*</c>, a value, a range
/// <c>a-b</c>, a list <c>a,b</c> or a step <c>*/n</c> / <c>a-b/n</c>; month and day names in English
/// abbreviations. When both day fields are restricted, a time must match both (NCrontab's rule).
/// </summary>
public sealed class CronSchedule
{
    private static readonly string[] MonthNames = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
    private static readonly string[] DayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

    private readonly bool[] _seconds, _minutes, _hours, _days, _months, _daysOfWeek;

    private CronSchedule(string expression, bool[][] fields)
    {
        Expression = expression;
        (_seconds, _minutes, _hours, _days, _months, _daysOfWeek) = (fields[0], fields[1], fields[2], fields[3], fields[4], fields[5]);
    }

    /// <summary>The expression as written.</summary>
    public string Expression { get; }

    /// <summary>Parses an expression, or says why it cannot.</summary>
    public static bool TryParse(string expression, out CronSchedule? schedule, out string? error)
    {
        schedule = null;
        var parts = (expression ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 6)
        {
            error = $"expected 6 fields (second minute hour day month day-of-week), found {parts.Length}";
            return false;
        }
        (string Name, int Min, int Max, string[]? Names)[] specs =
        [
            ("second", 0, 59, null), ("minute", 0, 59, null), ("hour", 0, 23, null),
            ("day", 1, 31, null), ("month", 1, 12, MonthNames), ("day-of-week", 0, 7, DayNames),
        ];
        var fields = new bool[6][];
        for (var i = 0; i < 6; i++)
        {
            if (!TryParseField(parts[i], specs[i].Min, specs[i].Max, specs[i].Names, out fields[i], out var fieldError))
            {
                error = $"{specs[i].Name} field '{parts[i]}': {fieldError}";
                return false;
            }
        }
        if (fields[5][7]) fields[5][0] = true; // 7 is Sunday too
        error = null;
        schedule = new CronSchedule(expression!, fields);
        return true;
    }

    /// <summary>Parses an expression; throws <see cref="FormatException"/> when it is not valid.</summary>
    public static CronSchedule Parse(string expression)
        => TryParse(expression, out var s, out var e) ? s! : throw new FormatException($"NCRONTAB '{expression}': {e}");

    /// <summary>The first occurrence strictly after <paramref name="after"/>, read in <paramref name="zone"/>.</summary>
    public DateTimeOffset GetNextOccurrence(DateTimeOffset after, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = TimeZoneInfo.ConvertTime(after, zone).DateTime;
        var t = new DateTime(local.Year, local.Month, local.Day, local.Hour, local.Minute, local.Second, DateTimeKind.Unspecified).AddSeconds(1);
        var limit = t.AddYears(5);
        while (t < limit)
        {
            if (!_months[t.Month]) { t = new DateTime(t.Year, t.Month, 1, 0, 0, 0, DateTimeKind.Unspecified).AddMonths(1); continue; }
            if (!_days[t.Day] || !_daysOfWeek[(int)t.DayOfWeek]) { t = t.Date.AddDays(1); continue; }
            if (!_hours[t.Hour]) { t = t.Date.AddHours(t.Hour + 1); continue; }
            if (!_minutes[t.Minute]) { t = t.Date.AddHours(t.Hour).AddMinutes(t.Minute + 1); continue; }
            if (!_seconds[t.Second]) { t = t.AddSeconds(1); continue; }
            if (zone.IsInvalidTime(t)) { t = t.AddSeconds(1); continue; }
            return new DateTimeOffset(t, zone.GetUtcOffset(t));
        }
        throw new InvalidOperationException($"NCRONTAB '{Expression}' has no occurrence within five years.");
    }

    private static bool TryParseField(string text, int min, int max, string[]? names, out bool[] allowed, out string? error)
    {
        allowed = new bool[max + 1];
        foreach (var item in text.Split(','))
        {
            var step = 1;
            var rangeText = item;
            var slash = item.IndexOf('/', StringComparison.Ordinal);
            if (slash >= 0)
            {
                if (!int.TryParse(item[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out step) || step < 1)
                {
                    error = $"step '{item[(slash + 1)..]}' is not a positive number";
                    return false;
                }
                rangeText = item[..slash];
            }
            int from, to;
            if (rangeText == "*")
            {
                (from, to) = (min, max == 7 ? 6 : max);
            }
            else
            {
                var dash = rangeText.IndexOf('-', StringComparison.Ordinal);
                if (!TryValue(dash >= 0 ? rangeText[..dash] : rangeText, min, max, names, out from, out error)) return false;
                to = from;
                if (dash >= 0 && !TryValue(rangeText[(dash + 1)..], min, max, names, out to, out error)) return false;
                else if (dash < 0 && slash >= 0) to = max == 7 ? 6 : max;
                if (to < from)
                {
                    error = $"range '{rangeText}' runs backwards";
                    return false;
                }
            }
            for (var v = from; v <= to; v += step) allowed[v] = true;
        }
        error = null;
        return true;
    }

    private static bool TryValue(string text, int min, int max, string[]? names, out int value, out string? error)
    {
        error = null;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value))
        {
            if (value >= min && value <= max) return true;
            error = $"{value} is outside {min}-{max}";
            return false;
        }
        if (names is not null)
        {
            var index = Array.IndexOf(names, text.ToUpperInvariant());
            if (index >= 0)
            {
                value = names == MonthNames ? index + 1 : index;
                return true;
            }
        }
        error = $"'{text}' is not a number";
        return false;
    }
}
