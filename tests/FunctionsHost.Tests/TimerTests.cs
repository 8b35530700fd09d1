namespace NoOneLeftBehind.FunctionsHost.Tests;

/// <summary>The sample's timers: Tick every two seconds (six-field NCRONTAB), Startup yearly but with runOnStartup.</summary>
[Collection(SampleHostCollection.Name)]
public sealed class TimerTests(SampleHostFixture fixture)
{
    [Fact]
    public async Task SixFieldSchedule_FiresOnEachOccurrence()
    {
        await SampleHostFixture.EventuallyAsync(() => fixture.Effects("tick", "Tick").Distinct().Count() >= 2, "two ticks");

        var nexts = fixture.Effects("tick", "Tick").Distinct().Select(n => DateTime.ParseExact(n, "yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        nexts.ShouldAllBe(n => n.Second % 2 == 0); // each firing's next occurrence is on the */2 seconds grid
    }

    [Fact]
    public async Task RunOnStartup_FiresOnceWhenTheHostStarts()
    {
        await SampleHostFixture.EventuallyAsync(() => fixture.Effects("startup", "Startup").Count > 0, "the startup run");

        fixture.Effects("startup", "Startup").ShouldBe(["ontime"]); // once, though its schedule is yearly
    }
}
