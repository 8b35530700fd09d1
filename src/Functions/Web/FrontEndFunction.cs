using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using NoOneLeftBehind.Functions.Hosting;

namespace NoOneLeftBehind.Functions.Web;

/// <summary>
/// The front end on the API's origin (ADR 0009 item 6): every path no other function's route takes, with every method.
/// Routing over our endpoint table decides, exactly as the app did on its own: a file route of <see cref="WebFrontEnd"/>
/// (when <c>Web:Root</c> is set), or a 404/405 problem for an unknown or wrong-method request.
/// </summary>
public sealed class FrontEndFunction(EndpointTable endpoints)
{
    /// <summary>Any method, <c>/{*path}</c>.</summary>
    [Function("FrontEnd"), Endpoint(EndpointTable.Routed)]
    public Task FrontEnd([HttpTrigger(AuthorizationLevel.Anonymous, Route = "{*path}")] HttpRequest request, FunctionContext context) =>
        endpoints.RunAsync(request, context);
}
