using NoOneLeftBehind.Domain.Criteria;
using NoOneLeftBehind.Domain.Dossiers;
using NoOneLeftBehind.Domain.Statistics;
using NoOneLeftBehind.Infrastructure.Dossiers;

namespace NoOneLeftBehind.Functions.Dossiers;

/// <summary>
/// <c>GET /api/dossiers/{id}/official-figures</c> (issue 17, item 8): the figures the unit typed beside the official
/// review results of the nominee unit (the statistics store, <see cref="IReviewFigures"/>), year by year, with the
/// columns that differ — for the reviewer to see, never to overwrite what was typed. A nominee without a unit, or a
/// deployment without the statistics feature, answers <c>available: false</c>.
/// </summary>
internal sealed class OfficialFigures(DossierStore store, DossierViews views, IServiceProvider services)
{
    public async Task<IResult> GetAsync(DossierId id, CancellationToken ct)
    {
        var s = await store.GetAsync(id, ct);
        if (s is null) return DossierProblems.DossierNotFound();
        var d = s.Dossier;
        var reviews = services.GetService<IReviewFigures>();
        if (d.Nominee.UnitCode is not { } code || reviews is null || !Domain.Units.UnitCode.TryParse(code, out var unit))
            return Results.Ok(new { unitCode = d.Nominee.UnitCode, available = false, rows = Array.Empty<object>() });
        var plan = views.PlanOf(d);
        var typed = d.Statistics.ToDictionary(r => r.Year);
        var from = Math.Min(plan.BaselineYear, typed.Count > 0 ? typed.Keys.Min() : plan.BaselineYear);
        var to = Math.Max(d.NominationYear, typed.Count > 0 ? typed.Keys.Max() : d.NominationYear);
        var official = (await reviews.GetSeriesAsync(unit, from, to, ct)).ToDictionary(f => f.Year, f => f.Counts);
        var rows = typed.Keys.Union(official.Keys).Order().Select(year =>
        {
            var t = typed.TryGetValue(year, out var tv) ? tv : (YearFigures?)null;
            var o = official.TryGetValue(year, out var counts) ? counts : (HouseholdCounts?)null;
            var differs = new List<string>();
            if (t is { } y && o is { } c)
            {
                if (y.Households != c.Households) differs.Add("households");
                if (y.Poor != c.Poor) differs.Add("poor");
                if (y.NearPoor != c.NearPoor) differs.Add("nearPoor");
            }
            return new
            {
                year,
                typed = t is { } z ? new { households = (long?)z.Households, poor = (long?)z.Poor, nearPoor = (long?)z.NearPoor } : null,
                official = o is { } x ? new { households = (long?)x.Households, poor = (long?)x.Poor, nearPoor = (long?)x.NearPoor } : null,
                differs,
            };
        }).ToList();
        return Results.Ok(new { unitCode = code, available = official.Count > 0, rows });
    }
}
