using NoOneLeftBehind.Functions.Hosting;

namespace NoOneLeftBehind.Functions.Tests.Hosting;

public class CronScheduleTests
{
    private static readonly TimeZoneInfo Hanoi = TimeZoneInfo.FindSystemTimeZoneById("Asia/Ho_Chi_Minh");

    private static DateTimeOffset Vn(int y, int mo, int d, int h, int mi, int s = 0) => new(y, mo, d, h, mi, s, TimeSpan.FromHours(7));

    [Theory]
    [InlineData("0 0 7 * * *", "2026-11-22T06:59:59+07:00", "2026-11-22T07:00:00+07:00")] // later the same day
    [InlineData("0 0 7 * * *", "2026-11-22T07:00:00+07:00", "2026-11-23T07:00:00+07:00")] // strictly after
    [InlineData("0 */5 * * * *", "2026-11-22T10:03:10+07:00", "2026-11-22T10:05:00+07:00")] // step
    [InlineData("30 0 8 1 * *", "2026-12-15T00:00:00+07:00", "2027-01-01T08:00:30+07:00")] // first of next month, across a year
    [InlineData("0 0 9 * * MON-FRI", "2026-11-21T12:00:00+07:00", "2026-11-23T09:00:00+07:00")] // Saturday → Monday
    [InlineData("0 0 0 29 FEB *", "2026-03-01T00:00:00+07:00", "2028-02-29T00:00:00+07:00")] // leap day
    [InlineData("0 0 12 * * 0", "2026-11-22T12:00:01+07:00", "2026-11-29T12:00:00+07:00")] // Sunday as 0
    [InlineData("0 0 12 * * 7", "2026-11-22T12:00:01+07:00", "2026-11-29T12:00:00+07:00")] // Sunday as 7
    [InlineData("0 0 6,18 * * *", "2026-11-22T06:00:00+07:00", "2026-11-22T18:00:00+07:00")] // list
    public void GetNextOccurrence_InHanoi_IsTheNextMatchingTime(string expression, string after, string expected)
    {
        var schedule = CronSchedule.Parse(expression);
        var next = schedule.GetNextOccurrence(DateTimeOffset.Parse(after, System.Globalization.CultureInfo.InvariantCulture), Hanoi);
        next.ShouldBe(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void GetNextOccurrence_ReadsTheScheduleInTheGivenZone_NotUtc()
    {
        // 07:00 in Hanoi is 00:00 UTC: asked at 23:30 UTC the day before, the next run is 30 minutes away.
        var next = CronSchedule.Parse("0 0 7 * * *").GetNextOccurrence(new DateTimeOffset(2026, 11, 21, 23, 30, 0, TimeSpan.Zero), Hanoi);
        next.UtcDateTime.ShouldBe(new DateTime(2026, 11, 22, 0, 0, 0, DateTimeKind.Utc));
        next.ShouldBe(Vn(2026, 11, 22, 7, 0));
    }

    [Theory]
    [InlineData("0 0 7 * *", "expected 6 fields")] // five fields is classic cron, not NCRONTAB
    [InlineData("0 0 24 * * *", "hour field")]
    [InlineData("0 60 * * * *", "minute field")]
    [InlineData("0 0 0 0 * *", "day field")]
    [InlineData("0 0 0 * 13 *", "month field")]
    [InlineData("0 0 0 * * 8", "day-of-week field")]
    [InlineData("0 */0 * * * *", "step")]
    [InlineData("0 10-5 * * * *", "backwards")]
    [InlineData("x 0 0 * * *", "not a number")]
    public void TryParse_Invalid_SaysWhichFieldAndWhy(string expression, string expectedFragment)
    {
        CronSchedule.TryParse(expression, out var schedule, out var error).ShouldBeFalse();
        schedule.ShouldBeNull();
        error.ShouldNotBeNull().ShouldContain(expectedFragment);
    }
}
