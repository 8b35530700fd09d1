using Microsoft.Azure.Functions.Worker.Builder;
using NoOneLeftBehind.Functions.Hosting;
using NoOneLeftBehind.Functions.Statistics;

// The isolated worker (ADR 0009): tools/FunctionsHost or the Azure Functions host starts it; its functions run our
// endpoints through EndpointTable.
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
AppComposition.AddServices(builder);
builder.Services.AddSingleton<EndpointTable>();

var app = builder.Build();
if (await app.RunStatisticsCommandAsync(args)) return;
var table = app.Services.GetRequiredService<EndpointTable>();
var problems = table.Check(HttpFunction.In(typeof(EndpointTable).Assembly));
if (problems.Count > 0)
    throw new InvalidOperationException("HTTP functions and endpoints disagree (ADR 0009 item 3):" + Environment.NewLine + string.Join(Environment.NewLine, problems));
await app.RunAsync();
