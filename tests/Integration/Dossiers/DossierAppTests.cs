using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using NoOneLeftBehind.Integration.Tests.Identity;
using NoOneLeftBehind.TestSupport;

namespace NoOneLeftBehind.Integration.Tests.Dossiers;

/// <summary>
/// A test class over real HTTP against its own Azurite (a class fixture: every derived class gets its own, and xUnit runs
/// the classes in parallel as before): a <see cref="DossierTestApp"/> is started before each test with the class's
/// <paramref name="settings"/> over the app's test defaults, and disposed after it. What the class's app needs besides its
/// settings (a substitute, a pipeline policy) goes in <see cref="ConfigureTestServices"/>.
/// </summary>
/// <remarks>The app is the field <c>_app</c>, as it was when each class declared it, so the tests read unchanged.</remarks>
public abstract class DossierAppTests(AzuriteFixture azurite, IReadOnlyDictionary<string, string>? settings = null)
    : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    /// <summary>The development issuer's tenant (<see cref="DevUsers.Tenant"/>).</summary>
    protected const string DevTenant = DevUsers.Tenant;

    /// <summary>The object id of the demo user <c>huyen-chu-puh</c> (Huyện Chư Pưh's submitter, 639).</summary>
    protected const string DistrictSubmitter = DevUsers.HuyenChuPuh;

    /// <summary>The object id of the demo user <c>tham-dinh-gia-lai</c> (Gia Lai's reviewer, 64).</summary>
    protected const string GiaLaiReviewer = DevUsers.ThamDinhGiaLai;

    /// <summary>The object id of the demo user <c>quan-tri</c> (the national admin).</summary>
    protected const string NationalAdmin = DevUsers.QuanTri;

    /// <summary>Monday 20/11/2023, 09:00 Vietnam time: in the Bắc Giang sơ kết round, before its deadlines of 30/11 and 05/12.</summary>
    protected const string SoKet2023Now = "2023-11-20T09:00:00+07:00";

    /// <summary>The settings of a class whose only setting is the business clock fixed at <see cref="SoKet2023Now"/>.</summary>
    protected static IReadOnlyDictionary<string, string> SoKet2023Clock { get; } = new Dictionary<string, string> { ["Clock:FixedNow"] = SoKet2023Now };

#pragma warning disable IDE1006 // the name each class's own field had
    private protected DossierTestApp _app = null!;
#pragma warning restore IDE1006

    /// <summary>The class's own Azurite, for what a test reads or writes beside the app.</summary>
    protected AzuriteFixture Azurite => azurite;

    /// <summary>Services replaced or configured in the app for this class; none by default.</summary>
    protected virtual void ConfigureTestServices(IServiceCollection services)
    {
    }

    public Task InitializeAsync()
    {
        _app = new DossierTestApp(azurite, settings, ConfigureTestServices);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    /// <summary>Sets the business clock as a newcomer would in Development (<c>POST /dev/clock</c>).</summary>
    protected static async Task SetClockAsync(HttpClient admin, object now)
    {
        using var clock = await admin.PostAsJsonAsync("/dev/clock", new { now });
        clock.StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
