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

    /// <summary>
    /// Every registered body read once, as a lookup of the body of a dossier (for passes over many dossiers, such as the
    /// reminders timer); the same answer as <see cref="OfAsync"/>.
    /// </summary>
    public async Task<Func<Dossier, NominatingBody>> LookupAsync(CancellationToken ct)
    {
        var registered = (await store.ListAsync(ct)).ToDictionary(b => b.Id, StringComparer.Ordinal);
        return d => d.NominatorBodyId is not { } id
            ? NominatingBody.PeoplesCommittee(d.NominatingUnitCode.Value)
            : registered.GetValueOrDefault(id) ?? new NominatingBody(id, id, "", d.NominatingUnitCode.Value, []);
    }

    /// <summary>The registered body a caller nominates as for <paramref name="unitCode"/>: their scope's body when it belongs to that unit; else null (the unit's committee).</summary>
    public static string? OfCaller(ICurrentUser user, string? unitCode) =>
        user.Scope is { BodyId: { } body } scope
        && string.Equals(scope.UnitCode, unitCode, StringComparison.Ordinal)
        && NominatingBody.ImplicitUnitOf(body) is null
            ? body
            : null;
}
