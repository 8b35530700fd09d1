namespace NoOneLeftBehind.FunctionsHost.Tests;

/// <summary>host.json, settings and schedules, read as the Functions host reads them.</summary>
public sealed class ParsingTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fnhost-parse").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void HostJson_Missing_GivesTheHostDefaults()
    {
        var hostJson = HostJson.Load(Path.Combine(_dir, "host.json"));

        hostJson.RoutePrefix.ShouldBe("api");
        hostJson.FunctionTimeout.ShouldBeNull();
        hostJson.Queues.ShouldBe(new QueueSettings { BatchSize = 16, NewBatchThreshold = 8, MaxDequeueCount = 5, MaxPollingInterval = TimeSpan.FromMinutes(1), VisibilityTimeout = TimeSpan.Zero, Base64 = true });
    }

    [Fact]
    public void HostJson_Queues_AreRead()
    {
        var path = Path.Combine(_dir, "host.json");
        File.WriteAllText(path, """{ "functionTimeout": "00:10:00", "extensions": { "http": { "routePrefix": "/v1/" }, "queues": { "batchSize": 4, "maxPollingInterval": "00:00:02", "visibilityTimeout": "00:00:05", "maxDequeueCount": 2, "messageEncoding": "none" } } }""");

        var hostJson = HostJson.Load(path);

        hostJson.RoutePrefix.ShouldBe("v1");
        hostJson.FunctionTimeout.ShouldBe(TimeSpan.FromMinutes(10));
        hostJson.Queues.BatchSize.ShouldBe(4);
        hostJson.Queues.NewBatchThreshold.ShouldBe(2); // batchSize / 2 when not given
        hostJson.Queues.MaxPollingInterval.ShouldBe(TimeSpan.FromSeconds(2));
        hostJson.Queues.VisibilityTimeout.ShouldBe(TimeSpan.FromSeconds(5));
        hostJson.Queues.MaxDequeueCount.ShouldBe(2);
        hostJson.Queues.Base64.ShouldBeFalse();
    }

    [Fact]
    public void HostJson_BadTimeSpan_SaysWhichSetting()
    {
        var path = Path.Combine(_dir, "host.json");
        File.WriteAllText(path, """{ "extensions": { "queues": { "visibilityTimeout": "soon" } } }""");

        Should.Throw<InvalidDataException>(() => HostJson.Load(path)).Message.ShouldContain("extensions.queues.visibilityTimeout");
    }

    [Fact]
    public void Settings_LocalSettingsValuesThenOverrides()
    {
        var path = Path.Combine(_dir, "local.settings.json");
        File.WriteAllText(path, """{ "IsEncrypted": false, "Values": { "A": "file", "B": "file", "QueueName": "work-items" } }""");

        var settings = AppSettings.Load(path, new Dictionary<string, string> { ["B"] = "override" });

        settings.Get("A").ShouldBe("file");
        settings.Get("B").ShouldBe("override");
        settings.Resolve("%QueueName%-x").ShouldBe("work-items-x"); // binding expressions name settings
        Should.Throw<InvalidOperationException>(() => settings.Resolve("%Missing%"));
    }

    [Theory]
    [InlineData("*/2 * * * * *", "2026-12-04T10:00:01Z", "2026-12-04T10:00:02Z")] // six fields: seconds first
    [InlineData("0 30 9 * * 1-5", "2026-12-04T10:00:00Z", "2026-12-07T09:30:00Z")] // Friday after 09:30 → Monday
    [InlineData("*/5 * * * *", "2026-12-04T10:01:00Z", "2026-12-04T10:05:00Z")] // five fields: minutes first
    [InlineData("00:00:30", "2026-12-04T10:00:00Z", "2026-12-04T10:00:30Z")] // a time span
    public void TimerSchedule_Next(string expression, string after, string expected)
    {
        var schedule = TimerSchedule.Parse(expression, TimeZoneInfo.Utc);

        schedule.Next(DateTimeOffset.Parse(after, System.Globalization.CultureInfo.InvariantCulture))
            .ShouldBe(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("every minute")]
    [InlineData("* * * * * * *")]
    [InlineData("61 * * * * *")]
    public void TimerSchedule_Invalid_IsRefused(string expression) =>
        Should.Throw<FormatException>(() => TimerSchedule.Parse(expression, TimeZoneInfo.Utc));
}
