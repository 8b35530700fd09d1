using NoOneLeftBehind.Domain.Bodies;
using NoOneLeftBehind.Domain.Plans;
using NoOneLeftBehind.Domain.Statistics;
using NoOneLeftBehind.Domain.Units;

namespace NoOneLeftBehind.Domain.Reports;

/// <summary>
/// One report someone must send: a unit (or a nominating body) for a plan's stage, on a route of the plan's schedule.
/// </summary>
/// <param name="Id">The submission's id.</param>
/// <param name="Plan">The plan.</param>
/// <param name="Kind">The stage's kind.</param>
/// <param name="Year">The stage's year.</param>
/// <param name="Unit">The reporting unit (the body's unit for a body), as it was on <paramref name="AsOf"/>.</param>
/// <param name="Body">The reporting body, or null for the unit's people's committee.</param>
/// <param name="Route">Where the report goes and by when (the catalogue's deadline, or a clause without a date).</param>
/// <param name="Governed">The unit the plan governs that the reporter belongs to (<see cref="PlanGovernance.GovernedUnits"/>).</param>
/// <param name="Reporter">How the route names it: <c>units-below</c>, <c>bodies</c> or <c>self</c>.</param>
/// <param name="AsOf">The day the hierarchy is read on: the deadline, else 31 December of the year, within the governed unit's life.</param>
public sealed record ReportObligation(ReportSubmissionId Id, Plan Plan, StageKind Kind, int Year, AdministrativeUnit Unit, NominatingBody? Body,
    ResolvedRoute Route, AdministrativeUnit Governed, string Reporter, DateOnly AsOf)
{
    /// <summary>The route's last day for this year, or null when its clause gives no date.</summary>
    public DateOnly? Deadline => Route.DueIn(Year);

    /// <summary>The unit the report goes to when the plan's own bodies receive it (the governed unit); null for the unit's own report to the level above.</summary>
    public UnitCode? RecipientUnit => Reporter == ReportReporters.Self ? null : Governed.Code;
}

/// <summary>
/// Who must send a review report for a plan's stage — the reporters of the leaders' status view. Decided from the plan's
/// report schedule (<c>src/Domain/Reports/Schedules</c>) and the unit registry, for each unit the plan governs:
/// <list type="bullet">
/// <item>a route of level <c>unit</c> ("các cơ quan, địa phương", "các Sở, ban, ngành … UBND huyện") is sent by the units
/// directly below the governed unit (Bắc Giang's districts and cities, Chư Pưh's communes) and by the nominating bodies
/// registered in it (the Sở, ban, ngành; the people's committee is the unit itself), to the governed unit's receiving office;</item>
/// <item>a route of level <c>district</c> or <c>province</c> is the governed unit's own consolidated report to the level
/// above (Bắc Giang V.2: the province to Ban Thi đua - Khen thưởng Trung ương);</item>
/// <item>a route may name its reporters instead (<see cref="ReportRoute.Reporters"/>, with <see cref="ReportRoute.ReportersNote"/>):
/// Khánh Vĩnh's plan is a school's, so the school (a registered body) reports, not the communes.</item>
/// </list>
/// The hierarchy is read on the route's deadline for the year, else on 31 December, moved into the governed unit's life
/// (a district abolished on 01/07/2025 is read on 30/06/2025).
/// </summary>
public sealed class ReportReporters(PlanCatalogue plans, ReportCatalogue reports, UnitRegistry registry)
{
    /// <summary>The units directly below the governed unit.</summary>
    public const string UnitsBelow = "units-below";

    /// <summary>The governed unit's registered nominating bodies.</summary>
    public const string Bodies = "bodies";

    /// <summary>The governed unit itself.</summary>
    public const string Self = "self";

    /// <summary>The reporter kinds a schedule may name.</summary>
    public static IReadOnlyList<string> Kinds { get; } = [UnitsBelow, Bodies, Self];

    /// <summary>The plans that have a report schedule.</summary>
    public IEnumerable<Plan> Plans => plans.Plans.Where(p => reports.Schedules.ContainsKey(p.Id));

    /// <summary>The stages (kind, year) a plan asks reports for, newest first: a yearly report for each year of its period.</summary>
    public IReadOnlyList<(StageKind Kind, int Year)> Stages(Plan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (!reports.Schedules.TryGetValue(plan.Id, out var schedule)) return [];
        var stages = new List<(StageKind, int)>();
        foreach (var r in schedule.Reports)
        {
            if (r.Stage.Year is { } y) stages.Add((r.Stage.Kind, y));
            else for (var year = plan.Period.From; year <= plan.Period.To; year++) stages.Add((r.Stage.Kind, year));
        }
        return [.. stages.Distinct().OrderByDescending(s => s.Item2).ThenByDescending(s => s.Item1)];
    }

    /// <summary>Every report due for <paramref name="plan"/>'s stage; <paramref name="bodies"/> are the registered bodies.</summary>
    public IReadOnlyList<ReportObligation> Of(Plan plan, StageKind kind, int year, IReadOnlyList<NominatingBody> bodies)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(bodies);
        if (year < plan.Period.From || year > plan.Period.To || reports.Find(plan.Id, new ReportStage(kind, year)) is not { } scheduled) return [];
        var result = new List<ReportObligation>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var governed in PlanGovernance.GovernedUnits(plan, registry))
        {
            foreach (var route in scheduled.Routes)
            {
                var kinds = route.Reporters ?? (route.Level == "unit" ? [UnitsBelow, Bodies] : [Self]);
                var asOf = AsOf(governed, reports.RouteFor(plan.Id, scheduled, route.Level)?.DueIn(year), year);
                void Add(AdministrativeUnit unit, NominatingBody? body, string reporter)
                {
                    var level = ReviewReport.LevelWord(unit, body?.Id);
                    if (reports.RouteFor(plan.Id, scheduled, level) is not { } resolved) return;
                    if (ReportSubmissionId.Of(plan.Id, kind, year, unit.Code.Value, body?.Id) is not { } id || !seen.Add(id.Value)) return;
                    result.Add(new ReportObligation(id, plan, kind, year, unit, body, resolved, governed, reporter, asOf));
                }
                foreach (var reporter in kinds)
                {
                    switch (reporter)
                    {
                        case UnitsBelow:
                            foreach (var child in registry.ChildrenOf(governed.Code, asOf).OrderBy(c => c.Code)) Add(child, null, UnitsBelow);
                            break;
                        case Bodies:
                            foreach (var body in bodies.Where(b => !b.IsImplicit && b.UnitCode == governed.Code.Value).OrderBy(b => b.Id, StringComparer.Ordinal))
                                Add(governed, body, Bodies);
                            break;
                        case Self when route.Reporters is not null || ReviewReport.LevelWord(governed, null) == route.Level:
                            Add(governed, null, Self);
                            break;
                    }
                }
            }
        }
        return result;
    }

    /// <summary>The report of <paramref name="id"/>'s unit or body, when the plan's schedule asks it for; else null.</summary>
    public ReportObligation? Find(ReportSubmissionId id, IReadOnlyList<NominatingBody> bodies) =>
        PlanId.TryParse(id.PlanId, out var pid) && plans.TryGet(pid, out var plan) ? Of(plan, id.Kind, id.Year, bodies).FirstOrDefault(o => o.Id == id) : null;

    /// <summary>
    /// The reports of a plan's stage that <paramref name="unit"/> receives (its units below and bodies), or — when it receives
    /// none, e.g. a province above a district's plan — those sent from within it.
    /// </summary>
    public IReadOnlyList<ReportObligation> ReportingTo(IReadOnlyList<ReportObligation> all, UnitCode unit)
    {
        ArgumentNullException.ThrowIfNull(all);
        var to = all.Where(o => o.RecipientUnit == unit).ToList();
        return to.Count > 0 ? to : [.. all.Where(o => o.Unit.Code != unit && registry.IsWithin(o.Unit.Code, unit, o.AsOf))];
    }

    private static DateOnly AsOf(AdministrativeUnit governed, DateOnly? due, int year)
    {
        var day = due ?? ReviewCalendar.ReferenceDate(year);
        if (governed.ValidTo is { } end && day >= end) day = end.AddDays(-1); // ValidTo is the first day it no longer holds
        if (governed.ValidFrom is { } first && day < first) day = first;
        return day;
    }
}
