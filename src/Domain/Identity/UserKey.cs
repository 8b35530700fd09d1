using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace NoOneLeftBehind.Domain.Identity;

/// <summary>
/// A signed-in principal as Entra ID identifies it across apps: the tenant (<c>tid</c>) and the
/// object id (<c>oid</c>). The user principal name or e-mail can change; these do not.
/// </summary>
/// <param name="TenantId">The directory (tenant) id, the token's <c>tid</c>.</param>
/// <param name="ObjectId">The user's object id in that tenant, the token's <c>oid</c>.</param>
public readonly record struct UserKey(Guid TenantId, Guid ObjectId)
{
    /// <summary>The storage form, <c>{tid}_{oid}</c> (lower-case GUIDs); safe as a Table key.</summary>
    public string Value => string.Create(CultureInfo.InvariantCulture, $"{TenantId:D}_{ObjectId:D}");

    /// <summary>Parses the form produced by <see cref="Value"/>.</summary>
    public static bool TryParse(string? value, [NotNullWhen(true)] out UserKey? key)
    {
        key = null;
        if (value is null) return false;
        var separator = value.IndexOf('_', StringComparison.Ordinal);
        if (separator < 0) return false;
        if (!Guid.TryParseExact(value.AsSpan(0, separator), "D", out var tenant)) return false;
        if (!Guid.TryParseExact(value.AsSpan(separator + 1), "D", out var user)) return false;
        key = new UserKey(tenant, user);
        return true;
    }

    /// <summary>Creates a key from the two claim values; false if either is not a GUID.</summary>
    public static bool TryCreate(string? tenantId, string? objectId, [NotNullWhen(true)] out UserKey? key)
    {
        key = null;
        if (!Guid.TryParse(tenantId, out var tenant) || !Guid.TryParse(objectId, out var user)) return false;
        if (tenant == Guid.Empty || user == Guid.Empty) return false;
        key = new UserKey(tenant, user);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => Value;
}
