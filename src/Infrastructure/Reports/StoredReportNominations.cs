using NoOneLeftBehind.Domain.Bodies;
using NoOneLeftBehind.Domain.Dossiers;
using NoOneLeftBehind.Domain.Reports;
using NoOneLeftBehind.Domain.Statistics;
using NoOneLeftBehind.Domain.Units;
using NoOneLeftBehind.Infrastructure.Dossiers;

namespace NoOneLeftBehind.Infrastructure.Reports;

/// <summary>
/// <see cref="IReportNominationSource"/> over the dossier store: the plan's dossiers at the stage whose nominating unit lies
/// within the unit on the stage year's reference date (one body's when asked), each with its nominating body read from the
/// body store (for the bodies' own quotas). Reads the plan's dossiers across partitions: a report is drafted rarely.
/// </summary>
public sealed class StoredReportNominations(DossierStore dossiers, INominatingBodyStore bodies, UnitRegistry registry) : IReportNominationSource
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<NominationRecord>> NominationsAsync(string planId, DossierStage stage, UnitCode unit, string? bodyId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stage);
        var date = ReviewCalendar.ReferenceDate(stage.Year);
        var known = new Dictionary<string, NominatingBody?>(StringComparer.Ordinal);
        var result = new List<NominationRecord>();
        await foreach (var stored in dossiers.ListAsync(null, planId, null, cancellationToken).ConfigureAwait(false))
        {
            var d = stored.Dossier;
            if (d.Stage != stage || (bodyId is not null && d.NominatingBodyId != bodyId) || !registry.IsWithin(d.NominatingUnitCode, unit, date))
                continue;
            NominatingBody? body = null;
            if (d.NominatorBodyId is { } id && !known.TryGetValue(id, out body))
                known[id] = body = await bodies.FindAsync(id, cancellationToken).ConfigureAwait(false);
            result.Add(NominationRecord.Of(d, body));
        }
        return result;
    }
}
