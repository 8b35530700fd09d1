using System.Net;
using System.Net.Http.Json;

namespace NoOneLeftBehind.FunctionsHost.Tests;

/// <summary>The admin API's function runs (<c>POST /admin/functions/{name}</c>), as the e2e tests use it to tick a timer.</summary>
[Collection(SampleHostCollection.Name)]
public sealed class AdminTests(SampleHostFixture fixture)
{
    [Fact]
    public async Task QueueFunction_RunsWithTheInput_AsAFirstDelivery_Answers202WhenDone()
    {
        var token = "admin-" + Guid.NewGuid().ToString("N");
        using var response = await fixture.Http.PostAsJsonAsync(new Uri("/admin/functions/Work", UriKind.Relative), new { input = "ok:" + token });
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        fixture.Effects("done", token).ShouldBe(["1"]); // already done when the host answered
    }

    [Fact]
    public async Task FailingRun_Is500Problem_UnknownFunction_Is404_WrongMethod_Is405()
    {
        using (var failed = await fixture.Http.PostAsJsonAsync(new Uri("/admin/functions/Work", UriKind.Relative), new { input = "fail:admin-" + Guid.NewGuid().ToString("N") }))
        {
            failed.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
            failed.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        }
        using (var unknown = await fixture.Http.PostAsJsonAsync(new Uri("/admin/functions/Nope", UriKind.Relative), new { input = "" }))
            unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        using (var http = await fixture.Http.PostAsJsonAsync(new Uri("/admin/functions/Hello", UriKind.Relative), new { input = "" }))
            http.StatusCode.ShouldBe(HttpStatusCode.NotFound); // HTTP functions are called over their route
        using var get = await fixture.Http.GetAsync(new Uri("/admin/functions/Work", UriKind.Relative));
        get.StatusCode.ShouldBe(HttpStatusCode.MethodNotAllowed);
    }
}
