using NoOneLeftBehind.Functions.Dashboards;
using NoOneLeftBehind.Functions.Dossiers;
using NoOneLeftBehind.Functions.Embedding;
using NoOneLeftBehind.Functions.Evaluation;
using NoOneLeftBehind.Functions.Health;
using NoOneLeftBehind.Functions.Hosting;
using NoOneLeftBehind.Functions.Identity;
using NoOneLeftBehind.Functions.Messaging.DispatchIntegrationEvents;
using NoOneLeftBehind.Functions.Statistics;
using NoOneLeftBehind.Functions.Web;
using NoOneLeftBehind.Infrastructure.Messaging;
using NoOneLeftBehind.Infrastructure.Storage;

var builder = WebApplication.CreateBuilder(args);
DevelopmentOnly.EnsureAllowed(builder.Configuration, builder.Environment); // demo data, dev sign-in, test faults, probes: Development only
builder.UseCustomHandlerPort();

builder.Services.AddProblemDetails();
builder.Services.AddTrustedClientAddress();
builder.Services.AddJsonBodyGuard(builder.Configuration);
builder.Services.AddDataStorage(builder.Configuration);
builder.Services.AddEvaluation();
builder.AddIdentityAndAccess();
builder.AddEmbedding();
builder.Services.AddStatistics(builder.Configuration);
builder.Services.AddDossiers(builder.Configuration, builder.Environment);
builder.Services.AddIntegrationEvents(builder.Configuration);
builder.Services.AddTriggerFunction<DispatchIntegrationEventsFunction>(DispatchIntegrationEventsFunction.FunctionName);
builder.Services.AddTriggerFunctions(builder.Configuration);

var app = builder.Build();
if (await app.RunStatisticsCommandAsync(args)) return;
app.UseTrustedClientAddress(); // first: X-Forwarded-For only from configured proxies (Network:ForwardedHeaders)
app.UseUnhandledErrors(); // problem+json with a trace id, never the exception or the request's headers
app.UseProblemStatusPages(); // a 401/403/404/405/429… that leaves with no body gets the same problem+json (docs/api-errors.md)
app.UseJsonBodyGuard(); // every JSON body checked once, before authorization reads it

app.UseEmbedTokens(); // before identity: an embed token sets the caller and its scope
app.UseIdentityAndAccess();
app.UseRateLimiter(); // after identity: a signed-in caller is limited as that user, anyone else by trusted address

app.MapHealth();
app.MapEvaluation();
app.MapIdentity();
app.MapStatistics();
app.MapDossiers();
app.MapEmbedding();
app.MapNominationsDashboard();
app.MapTriggerFunctions();
app.MapWebFrontEnd();

await app.RunAsync();

/// <summary>Entry point; public so that tests can host the app with WebApplicationFactory.</summary>
public partial class Program;
