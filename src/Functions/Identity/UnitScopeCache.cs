using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using NoOneLeftBehind.Domain.Identity;

namespace NoOneLeftBehind.Functions.Identity;

/// <summary>
/// Users' unit scopes, read through a short per-instance cache: every authenticated request needs
/// the caller's scope, and a Table read per request is not worth it. A change made on this
/// instance takes effect at once; on other instances within <see cref="IdentityOptions.ScopeCacheSeconds"/>.
/// </summary>
internal sealed class UnitScopeCache(IServiceProvider services, IMemoryCache cache, IOptions<IdentityOptions> options)
{
    private sealed record Entry(UnitScopeAssignment? Scope);

    // A typed key rather than a formatted string: no GUID formatting on every request.
    private readonly record struct Key(UserKey User);

    public async Task<UnitScopeAssignment?> GetAsync(UserKey user, CancellationToken cancellationToken)
    {
        var key = CacheKey(user);
        if (cache.TryGetValue<Entry>(key, out var hit) && hit is not null) return hit.Scope;
        var store = services.GetService<IUnitScopeStore>()
                    ?? throw new InvalidOperationException("No IUnitScopeStore is registered: unit scopes cannot be read.");
        var scope = await store.FindAsync(user, cancellationToken);
        var seconds = options.Value.ScopeCacheSeconds;
        if (seconds > 0) cache.Set(key, new Entry(scope), TimeSpan.FromSeconds(seconds));
        return scope;
    }

    public void Invalidate(UserKey user) => cache.Remove(CacheKey(user));

    private static Key CacheKey(UserKey user) => new(user);
}
