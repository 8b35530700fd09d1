using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace NoOneLeftBehind.FunctionsHost.Tests;

/// <summary>HTTP functions through the host: routes from host.json's routePrefix and the bindings, forwarding to the worker.</summary>
[Collection(SampleHostCollection.Name)]
public sealed class HttpTests(SampleHostFixture fixture)
{
    [Fact]
    public async Task Get_RouteWithParameter_TheWorkerAnswersWithTheRouteValueAndQuery()
    {
        using var response = await fixture.Http.GetAsync(new Uri("api/hello/Lan?q=b%C3%A1o", UriKind.Relative));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        body.RootElement.GetProperty("name").GetString().ShouldBe("Lan");
        body.RootElement.GetProperty("greeting").GetString().ShouldBe("xin chào Lan");
        body.RootElement.GetProperty("query").GetString().ShouldBe("báo");
        body.RootElement.GetProperty("pid").GetInt32().ShouldBe(fixture.Host.WorkerProcessId!.Value); // answered by the worker process
        body.RootElement.GetProperty("invocationId").GetString().ShouldNotBeNullOrEmpty();
        body.RootElement.GetProperty("host").GetString().ShouldBe(fixture.Host.BaseAddress.Authority); // as the client sent it
        body.RootElement.GetProperty("remoteAddress").GetString().ShouldBe("127.0.0.1"); // the client (here on loopback)
    }

    [Fact]
    public async Task Get_ClientSaysXForwardedFor_TheWorkerStillSeesTheRealPeer()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("api/hello/Lan", UriKind.Relative));
        request.Headers.Add("X-Forwarded-For", "203.0.113.9");

        using var response = await fixture.Http.SendAsync(request);

        // The host appends the peer it saw; the worker's ASP.NET Core integration takes the rightmost entry as the client,
        // so a client cannot pass itself off as 203.0.113.9, and what it claimed stays visible in the header.
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("remoteAddress").GetString().ShouldBe("127.0.0.1");
        body.GetProperty("forwardedFor").GetString().ShouldBe("203.0.113.9");
    }

    [Fact]
    public async Task Get_ConstrainedRoute_BindsTheTypedParameter()
    {
        using var response = await fixture.Http.GetAsync(new Uri("api/items/42", UriKind.Relative));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32().ShouldBe(42);
    }

    [Fact]
    public async Task Post_DefaultRoute_ForwardsTheBodyAndReturnsTheWorkersStatusAndBody()
    {
        using var content = new StringContent("{\"xã\":\"Ia Ka\"}", Encoding.UTF8, "application/json");

        using var response = await fixture.Http.PostAsync(new Uri("api/Echo", UriKind.Relative), content);

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await response.Content.ReadAsStringAsync()).ShouldBe("{\"xã\":\"Ia Ka\"}");
    }

    [Fact]
    public async Task Get_ManyAtOnce_EachAnswerBelongsToItsOwnRequest()
    {
        var names = Enumerable.Range(0, 24).Select(i => "n" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

        var answers = await Task.WhenAll(names.Select(async name =>
        {
            using var response = await fixture.Http.GetAsync(new Uri("api/hello/" + name, UriKind.Relative));
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            return (Name: body.GetProperty("name").GetString(), Invocation: body.GetProperty("invocationId").GetString());
        }));

        answers.Select(a => a.Name).ShouldBe(names); // paired by x-ms-invocation-id, never crossed
        answers.Select(a => a.Invocation).Distinct().Count().ShouldBe(names.Length);
    }

    [Fact]
    public async Task Get_FunctionThrows_Is500ProblemJson()
    {
        using var response = await fixture.Http.GetAsync(new Uri("api/boom", UriKind.Relative));

        response.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("code").GetString().ShouldBe("internal-error");
        problem.GetRawText().ShouldNotContain("on purpose"); // nothing of the exception reaches the caller
        using var after = await fixture.Http.GetAsync(new Uri("api/hello/again", UriKind.Relative));
        after.StatusCode.ShouldBe(HttpStatusCode.OK); // the worker keeps serving
    }

    [Theory]
    [InlineData("api/nowhere")] // no function has this route
    [InlineData("api/items/abc")] // the route exists, but {id:int} does not match
    [InlineData("hello/Lan")] // without the routePrefix
    public async Task Get_NoMatchingRoute_Is404ProblemJson(string path)
    {
        using var response = await fixture.Http.GetAsync(new Uri(path, UriKind.Relative));

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("code").GetString().ShouldBe("not-found");
        problem.GetProperty("status").GetInt32().ShouldBe(404);
        problem.GetProperty("localizedTitle").GetProperty("vi").GetString().ShouldBe("Không tìm thấy");
    }

    [Fact]
    public async Task Post_RouteThatOnlyTakesGet_Is405ProblemJsonWithAllow()
    {
        using var response = await fixture.Http.PostAsync(new Uri("api/items/42", UriKind.Relative), null);

        response.StatusCode.ShouldBe(HttpStatusCode.MethodNotAllowed);
        response.Content.Headers.Allow.ShouldBe(["GET"]);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("method-not-allowed");
    }
}
