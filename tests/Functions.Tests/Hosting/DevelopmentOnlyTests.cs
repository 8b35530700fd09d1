using NoOneLeftBehind.InProcessHost;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using NSubstitute;
using NoOneLeftBehind.Functions.Hosting;

namespace NoOneLeftBehind.Functions.Tests.Hosting;

/// <summary>
/// Issue 16 (A): development-only switches (demo data, test faults, the fixed clock, probe functions, the development
/// sign-in) are allowed by an allow-list — an environment named exactly <c>Development</c> — not by "not Production".
/// Anywhere else the app refuses to start and names the switch. The statistics seeder had no guard at all.
/// </summary>
public sealed class DevelopmentOnlyTests
{
    /// <summary>Each switch with a value that turns it on.</summary>
    public static TheoryData<string, string> SwitchesOn => new()
    {
        { "Identity:DevIssuer:Enabled", "true" },
        { "Dossiers:SeedDemoData", "true" },
        { "Statistics:SeedDemoData", "true" },
        { "Dossiers:TestFaults:FailEvaluationWhenNomineeContains", "boom" },
        { "Dossiers:TestFaults:FirstAttemptDelayMs", "500" },
        { "Clock:FixedNow", "2023-11-20T08:00:00+07:00" },
    };

    /// <summary>Environments that are not on the allow-list, each for a reason.</summary>
    public static TheoryData<string> NotAllowed => new()
    {
        "Production",
        "Staging",      // "not Production" let this one through
        "Test",         // any other name
        "development",  // IsDevelopment() ignores case; the allow-list does not
        "Development ", // not exactly the name
    };

    [Theory]
    [MemberData(nameof(SwitchesOn))]
    public void EnsureAllowed_SwitchOnInDevelopment_Allowed(string setting, string value) =>
        Should.NotThrow(() => DevelopmentOnly.EnsureAllowed(Config((setting, value)), Environment("Development")));

    [Theory]
    [MemberData(nameof(NotAllowed))]
    public void EnsureAllowed_EverySwitchOnOutsideDevelopment_RefusedNamingIt(string environment)
    {
        foreach (var (setting, value) in SwitchesOn.Select(r => ((string)r[0], (string)r[1])))
        {
            var error = Should.Throw<InvalidOperationException>(() => DevelopmentOnly.EnsureAllowed(Config((setting, value)), Environment(environment)));
            error.Message.ShouldContain(setting.Split(':')[0] + ":" + setting.Split(':')[1]);
            error.Message.ShouldContain($"the environment is {environment}");
        }
    }

    [Theory]
    [MemberData(nameof(NotAllowed))]
    public void EnsureAllowed_SwitchesOffOrFalse_AllowedAnywhere(string environment) =>
        Should.NotThrow(() => DevelopmentOnly.EnsureAllowed(
            Config(("Identity:DevIssuer:Enabled", "false"), ("Dossiers:SeedDemoData", "false"), ("Statistics:SeedDemoData", "false"),
                ("Dossiers:TestFaults:FirstAttemptDelayMs", "0")),
            Environment(environment)));

    [Theory]
    [MemberData(nameof(SwitchesOn))] // in Staging: "not Production" let every one of them through (the statistics seeder had no guard at all)
    public void App_SwitchOnInStaging_RefusesToStart(string setting, string value) =>
        App_SwitchOnOutsideDevelopment_RefusesToStart(setting, value, Environments.Staging);

    [Theory]
    [InlineData("Statistics:SeedDemoData", "true", "Production")]
    [InlineData("Dossiers:TestFaults:FirstAttemptDelayMs", "500", "Test")]
    [InlineData("Clock:FixedNow", "2023-11-20T08:00:00+07:00", "development")]
    public void App_SwitchOnOutsideDevelopment_RefusesToStart(string setting, string value, string environment)
    {
        using var factory = new WebApplicationFactory<InProcessApp>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment(environment);
            b.UseSetting(setting, value);
        });
        var error = Should.Throw<InvalidOperationException>(() => factory.CreateClient());
        error.Message.ShouldContain(setting.Split(':')[0] + ":" + setting.Split(':')[1]);
        error.Message.ShouldContain(environment);
        error.Message.ShouldContain("Development");
    }

    [Fact]
    public async Task App_StagingWithoutSwitches_Starts()
    {
        using var factory = new WebApplicationFactory<InProcessApp>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment(Environments.Staging);
        });
        using var client = factory.CreateClient();
        using var response = await client.GetAsync(new Uri("/api/plans", UriKind.Relative));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    private static IHostEnvironment Environment(string name)
    {
        var environment = Substitute.For<IHostEnvironment>();
        environment.EnvironmentName.Returns(name);
        return environment;
    }
}
