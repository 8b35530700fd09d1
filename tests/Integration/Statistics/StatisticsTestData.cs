using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NoOneLeftBehind.Domain.Statistics;
using NoOneLeftBehind.Domain.Statistics.Generation;
using NoOneLeftBehind.Domain.Units;
using NoOneLeftBehind.Functions.Statistics;
using NoOneLeftBehind.Infrastructure.Statistics.Import;
using NoOneLeftBehind.Infrastructure.Storage;
using NoOneLeftBehind.TestSupport;

namespace NoOneLeftBehind.Integration.Tests.Statistics;

/// <summary>Generated figures (deterministic) and a service provider wired like the app, on an Azurite with its own table names.</summary>
internal static class StatisticsTestData
{
    private static readonly Lazy<IReadOnlyList<UnitYearFigures>> All = new(() => new PovertyFigureGenerator(UnitRegistry.Embedded).Generate(2015, 2025, 7));

    public static UnitRegistry Registry => UnitRegistry.Embedded;

    /// <summary>Generated figures of the leaves within <paramref name="ancestor"/> for the years.</summary>
    public static List<UnitYearFigures> Within(string ancestor, int fromYear, int toYear) =>
        [.. All.Value.Where(f => f.Year >= fromYear && f.Year <= toYear
                                 && Registry.IsWithin(f.Unit, UnitCode.Parse(ancestor), ReviewCalendar.ReferenceDate(f.Year)))];

    /// <summary>Every generated leaf figure for the years.</summary>
    public static List<UnitYearFigures> Years(int fromYear, int toYear) => [.. All.Value.Where(f => f.Year >= fromYear && f.Year <= toYear)];

    public static byte[] Csv(IEnumerable<UnitYearFigures> figures) => ReviewFileWriter.Csv(figures);

    public static UnitYearFigures F(string code, int year, long households, long poor, long nearPoor) =>
        new(UnitCode.Parse(code), year, new HouseholdCounts(households, poor, nearPoor));

    /// <summary>The counts added up (the minority part only when every figure has one, as the aggregation does).</summary>
    public static HouseholdCounts Sum(IEnumerable<UnitYearFigures> figures)
    {
        long h = 0, p = 0, n = 0, mh = 0, mp = 0, mn = 0;
        var all = true;
        foreach (var f in figures)
        {
            h += f.Counts.Households;
            p += f.Counts.Poor;
            n += f.Counts.NearPoor;
            if (f.Counts.Minority is { } m) { mh += m.Households; mp += m.Poor; mn += m.NearPoor; }
            else all = false;
        }
        return new HouseholdCounts(h, p, n, all ? new MinorityCounts(mh, mp, mn) : null);
    }

    /// <summary>The app's statistics services on <paramref name="azurite"/>; with <paramref name="isolated"/> the tables and container get fresh names.</summary>
    public static ServiceProvider Services(AzuriteFixture azurite, bool isolated)
    {
        var suffix = Guid.NewGuid().ToString("N")[..10];
        var values = new Dictionary<string, string?>(azurite.ConfigurationValues);
        if (isolated)
        {
            values["Statistics:StatisticsTable"] = "Stat" + suffix;
            values["Statistics:ProjectionsTable"] = "Proj" + suffix;
            values["Statistics:ImportsContainer"] = "imports-" + suffix;
        }
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration)
            .AddDataStorage(configuration);
        services.AddStatistics(configuration);
        return services.BuildServiceProvider();
    }

    /// <summary>Posts a review file to the import API as a form's <c>file</c> part.</summary>
    public static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string name, byte[] bytes)
    {
        using var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(bytes), "file", name);
        return await client.PostAsync("/api/statistics/imports", form);
    }

    /// <summary>Polls an import's status until it is finished, and asserts it is done.</summary>
    public static async Task<JsonElement> WaitDoneAsync(HttpClient client, string location)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        JsonElement status = default;
        while (DateTime.UtcNow < deadline)
        {
            status = await client.GetFromJsonAsync<JsonElement>(location);
            var state = status.GetProperty("status").GetString();
            if (state is "done" or "failed") break;
            await Task.Delay(200);
        }
        status.GetProperty("status").GetString().ShouldBe("done", status.ToString());
        return status;
    }
}
