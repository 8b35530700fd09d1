using System.Globalization;
using NoOneLeftBehind.Domain.Statistics;
using NoOneLeftBehind.Domain.Units;
using NoOneLeftBehind.Infrastructure.Statistics;

namespace NoOneLeftBehind.Functions.Statistics;

/// <summary>
/// Which version of a unit a projected row belongs to. Under historical boundaries a code can name two units
/// over the years (24 was Tỉnh Bắc Giang until 30/06/2025 and is Tỉnh Bắc Ninh since): a series never mixes
/// them, and each carries the name in force in its years and what it came from or became.
/// </summary>
internal sealed class UnitVersions(ProjectionBasis basis, UnitRegistry registry)
{
    /// <summary>The date a row's year is read at: 31/12 of the year (historical), or 01/07/2025 (2025 boundaries).</summary>
    public DateOnly DateOf(int year) => basis == ProjectionBasis.Reform2025 ? UnitGeography.ReformDate : ReviewCalendar.ReferenceDate(year);

    /// <summary>The version of <paramref name="unit"/> in force in <paramref name="year"/> (null for VN or an unknown code).</summary>
    public AdministrativeUnit? At(string unit, int year) =>
        UnitCode.TryParse(unit, out var code) ? registry.Find(code, DateOf(year)) : null;

    /// <summary>The version a row belongs to.</summary>
    public AdministrativeUnit? Of(ProjectedTotal row) => At(row.Unit, row.Year);

    /// <summary>
    /// The rows of the unit's version in force in <paramref name="year"/>; without one then, the version of its latest row, else
    /// the last version that had begun (a pre-reform province read in the 2025 boundaries: its name and what it became).
    /// </summary>
    public (AdministrativeUnit? Version, List<ProjectedTotal> Rows) Select(string unit, IReadOnlyList<ProjectedTotal> rows, int year)
    {
        var version = At(unit, year) ?? (rows.Count > 0 ? Of(rows.MaxBy(r => r.Year)!) : LastBegun(unit, year));
        return version is null ? (null, [.. rows]) : (version, [.. rows.Where(r => Equals(Of(r), version))]);
    }

    private AdministrativeUnit? LastBegun(string unit, int year) =>
        UnitCode.TryParse(unit, out var code)
            ? registry.VersionsOf(code).LastOrDefault(v => v.ValidFrom is not { } from || from <= DateOf(year))
            : null;

    /// <summary>The version's period and its predecessors and successors, for the unit's page.</summary>
    public UnitVersionDto Describe(AdministrativeUnit version) => new(
        Iso(version.ValidFrom), Iso(version.ValidTo),
        [.. registry.PredecessorsOf(version).Select(l => Link(l.Predecessor, l))],
        [.. registry.SuccessorsOf(version).Select(l => Link(l.Successor, l))]);

    private static LinkedUnitDto Link(AdministrativeUnit unit, UnitSuccession link) => new(
        unit.Code.Value, unit.FullName, Iso(link.Effective)!, link.Share == SuccessionShare.Full ? "full" : "partial", link.IsMainSuccessor);

    private static string? Iso(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>A unit version's period (validTo exclusive: the first day it no longer held) and its links.</summary>
/// <param name="ValidFrom">First day, null when it began before the registry's coverage.</param>
/// <param name="ValidTo">First day it no longer held, null while it holds.</param>
/// <param name="CameFrom">The units it replaced (on its first day).</param>
/// <param name="Became">The units that replaced it (on <paramref name="ValidTo"/>); empty when it was abolished without successor.</param>
internal sealed record UnitVersionDto(string? ValidFrom, string? ValidTo, IReadOnlyList<LinkedUnitDto> CameFrom, IReadOnlyList<LinkedUnitDto> Became);

/// <summary>A predecessor or successor.</summary>
/// <param name="Code">Its code.</param>
/// <param name="Name">Its full name in its own period.</param>
/// <param name="Effective">The day of the change.</param>
/// <param name="Share">full or partial (part of the territory).</param>
/// <param name="Main">Whether figures are carried over to it (successors) or it is the main one.</param>
internal sealed record LinkedUnitDto(string Code, string Name, string Effective, string Share, bool Main);
