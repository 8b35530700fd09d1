namespace NoOneLeftBehind.Domain.Units;

/// <summary>
/// The dated subtree check other features need (e.g. a user's unit scope): is a unit inside another
/// on a given date? Implemented by <see cref="UnitRegistry"/>; <see cref="CurrentUnitHierarchy"/>
/// answers for today, which is what the identity port <c>Identity.IUnitHierarchy</c> asks.
/// </summary>
public interface IDatedUnitHierarchy
{
    /// <summary>Whether <paramref name="unitCode"/> is <paramref name="ancestorCode"/> or lies below it on <paramref name="referenceDate"/>.</summary>
    /// <param name="unitCode">The unit's code.</param>
    /// <param name="ancestorCode">The root of the subtree.</param>
    /// <param name="referenceDate">The date the hierarchy is read at.</param>
    /// <returns><see langword="false"/> for malformed or unknown codes.</returns>
    bool IsWithin(string unitCode, string ancestorCode, DateOnly referenceDate);
}

/// <summary>Answers subtree checks for the current date in Vietnam (UTC+7, no daylight saving).</summary>
/// <param name="hierarchy">The dated hierarchy.</param>
/// <param name="time">The clock.</param>
public sealed class CurrentUnitHierarchy(IDatedUnitHierarchy hierarchy, TimeProvider time)
{
    private static readonly TimeSpan VietnamOffset = TimeSpan.FromHours(7);

    /// <summary>The current date in Vietnam.</summary>
    public DateOnly Today => DateOnly.FromDateTime(time.GetUtcNow().ToOffset(VietnamOffset).DateTime);

    /// <summary>Whether <paramref name="unitCode"/> is <paramref name="ancestorCode"/> or lies below it today.</summary>
    /// <param name="unitCode">The unit's code.</param>
    /// <param name="ancestorCode">The root of the subtree.</param>
    /// <returns><see langword="false"/> for malformed or unknown codes.</returns>
    public bool IsWithin(string unitCode, string ancestorCode) => hierarchy.IsWithin(unitCode, ancestorCode, Today);
}
