using NoOneLeftBehind.Domain.Units;

namespace NoOneLeftBehind.Domain.Identity;

/// <summary>
/// <see cref="IUnitHierarchy"/> over the dated unit registry. A unit is within an ancestor if it
/// is so today or on the last day of any of its versions: a scope on Gia Lai (64) still covers
/// the dossiers of the former district Chư Pưh (639) for the 2021–2025 plans, whose units are the
/// pre-July-2025 ones. A scope on a pre-reform unit does not reach post-reform units; assign the
/// new code for work on the new units.
/// </summary>
/// <param name="registry">The registry.</param>
/// <param name="time">The clock (today's date in Vietnam).</param>
public sealed class RegistryUnitHierarchy(UnitRegistry registry, TimeProvider time) : IUnitHierarchy
{
    private readonly CurrentUnitHierarchy _today = new(registry, time);

    /// <inheritdoc />
    public bool IsWithin(string unitCode, string ancestorCode)
    {
        if (!UnitCode.TryParse(unitCode, out var unit) || !UnitCode.TryParse(ancestorCode, out var ancestor)) return false;
        if (unit == ancestor || _today.IsWithin(unitCode, ancestorCode)) return true;
        foreach (var version in registry.VersionsOf(unit))
        {
            if (version.ValidTo is { } end && registry.IsWithin(unit, ancestor, end.AddDays(-1))) return true;
        }
        return false;
    }
}
