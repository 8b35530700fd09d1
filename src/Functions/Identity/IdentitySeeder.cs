using Microsoft.Extensions.Options;
using NoOneLeftBehind.Domain.Bodies;
using NoOneLeftBehind.Domain.Identity;
using NoOneLeftBehind.Functions.Hosting;
using NoOneLeftBehind.Functions.Identity.Dev;

namespace NoOneLeftBehind.Functions.Identity;

/// <summary>
/// At start, gives a unit scope to those who must have one and have none: the bootstrap admins
/// (national scope) and, with the development issuer, the demo users — after registering the demo
/// nominating bodies their scopes name (<see cref="DemoBodies"/>). Idempotent: an existing scope or
/// body, whoever set it, is left alone. Storage may still be starting (Azurite), so it retries.
/// </summary>
internal sealed partial class IdentitySeeder(
    IServiceProvider services, IOptions<IdentityOptions> options, TimeProvider time, ILogger<IdentitySeeder> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var wanted = Wanted().ToList();
        if (wanted.Count == 0) return;
        var store = services.GetService<IUnitScopeStore>();
        if (store is null)
        {
            LogNoStore(logger);
            return;
        }
        await StartupRetry.RunAsync(async ct =>
        {
            var seeded = 0;
            foreach (var (user, unit, name, actor, body) in wanted)
            {
                if (await store.FindAsync(user, ct) is not null) continue;
                await store.AssignAsync(new UnitScopeAssignment(user, unit, name, actor, time.GetUtcNow()) { BodyId = body }, ct);
                seeded++;
            }
            LogSeeded(logger, seeded, wanted.Count);
        }, (ex, attempt) => LogRetry(logger, ex, attempt), ex => LogGaveUp(logger, ex), stoppingToken, time);
        // The bodies the demo scopes name, after the scopes (a scope may name a body before it exists; a body store
        // that cannot be reached must not hold the scopes back).
        if (!wanted.Any(w => w.Body is not null) || services.GetService<INominatingBodyStore>() is not { } bodies) return;
        await StartupRetry.RunAsync(async ct =>
        {
            foreach (var body in DemoBodies.All)
            {
                if (await bodies.FindAsync(body.Id, ct) is null) await bodies.CreateAsync(body, "dev-seed", time.GetUtcNow(), ct);
            }
        }, (ex, attempt) => LogRetry(logger, ex, attempt), ex => LogGaveUp(logger, ex), stoppingToken, time);
    }

    private IEnumerable<(UserKey User, string Unit, string? Name, string Actor, string? Body)> Wanted()
    {
        var o = options.Value;
        foreach (var entry in o.BootstrapAdmins)
        {
            if (UserKey.TryParse(entry, out var key)) yield return (key.Value, ScopeUnitCodes.National, null, "bootstrap", null);
            else LogBadBootstrapEntry(logger, entry);
        }
        if (o.DevIssuer.Enabled && o.DevIssuer.SeedDemoScopes && Guid.TryParse(o.DevIssuer.TenantId, out var devTenant))
        {
            foreach (var demo in DemoUsers.All) yield return (new UserKey(devTenant, demo.ObjectId), demo.UnitCode, demo.Name, "dev-seed", demo.BodyId);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Unit scopes seeded: {Seeded} new of {Wanted}")]
    private static partial void LogSeeded(ILogger logger, int seeded, int wanted);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Seeding unit scopes failed (attempt {Attempt}); retrying")]
    private static partial void LogRetry(ILogger logger, Exception exception, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Seeding unit scopes failed; bootstrap admins and demo users have no scope until it succeeds")]
    private static partial void LogGaveUp(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No IUnitScopeStore is registered: unit scopes were not seeded")]
    private static partial void LogNoStore(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Identity:BootstrapAdmins entry {Entry} is not {{tid}}_{{oid}}; ignored")]
    private static partial void LogBadBootstrapEntry(ILogger logger, string entry);
}
