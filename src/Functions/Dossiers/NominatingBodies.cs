using NoOneLeftBehind.Domain.Bodies;
using NoOneLeftBehind.Functions.Identity;
using Dossier = NoOneLeftBehind.Domain.Dossiers.Dossier;

namespace NoOneLeftBehind.Functions.Dossiers;

/// <summary>The nominating body of a dossier or a caller (ADR 0008).</summary>
internal sealed class NominatingBodies(INominatingBodyStore store)
{
    /// <summary>
    /// The body <paramref name="d"/> is nominated by: the registered body it records, or its unit's people's committee.
    /// A registered body removed since keeps its id and unit but plays no role (so it has no quota).
    /// </summary>
    public async Task<NominatingBody> OfAsync(Dossier d, CancellationToken ct)
    {
        var unit = d.NominatingUnitCode.Value;
        if (d.NominatorBodyId is not { } id) return NominatingBody.PeoplesCommittee(unit);
        return await store.FindAsync(id, ct) ?? new NominatingBody(id, id, "", unit, []);
    }

    /// <summary>The registered body a caller nominates as for <paramref name="unitCode"/>: their scope's body when it belongs to that unit; else null (the unit's committee).</summary>
    public static string? OfCaller(ICurrentUser user, string? unitCode) =>
        user.Scope is { BodyId: { } body } scope
        && string.Equals(scope.UnitCode, unitCode, StringComparison.Ordinal)
        && NominatingBody.ImplicitUnitOf(body) is null
            ? body
            : null;
}
