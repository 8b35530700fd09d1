namespace NoOneLeftBehind.Domain.Units;

/// <summary>
/// One dated version of an administrative unit: what the unit was (code, kind, name, parent) during
/// [<see cref="ValidFrom"/>, <see cref="ValidTo"/>). A change of kind, parent or territory ends a
/// version and starts another, linked by a <see cref="UnitSuccession"/>.
/// </summary>
public sealed record AdministrativeUnit
{
    /// <summary>Creates a version, checking that it is consistent in itself.</summary>
    /// <param name="code">The official code.</param>
    /// <param name="kind">The legal kind.</param>
    /// <param name="name">The name without its kind prefix, e.g. "Ba Đình".</param>
    /// <param name="parentCode">The code of the parent unit during the version, none for a province.</param>
    /// <param name="validFrom">First day of the version; <see langword="null"/> when it began before the registry's coverage.</param>
    /// <param name="validTo">First day the version no longer holds (exclusive); <see langword="null"/> while it holds.</param>
    /// <exception cref="ArgumentException">The name is blank, the dates are not in order, or a province has a parent / another unit has none.</exception>
    public AdministrativeUnit(UnitCode code, UnitKind kind, string name, UnitCode? parentCode, DateOnly? validFrom, DateOnly? validTo)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (code == default)
            throw new ArgumentException("A unit needs a code.", nameof(code));
        if (validFrom is { } from && validTo is { } to && to <= from)
            throw new ArgumentException($"Unit {code}: valid-to {to:O} is not after valid-from {from:O}.", nameof(validTo));
        if ((kind.Level() == UnitLevel.Province) != (parentCode is null))
            throw new ArgumentException($"Unit {code}: a province has no parent and every other unit has one.", nameof(parentCode));
        Code = code;
        Kind = kind;
        Name = name;
        ParentCode = parentCode;
        ValidFrom = validFrom;
        ValidTo = validTo;
    }

    /// <summary>The official code.</summary>
    public UnitCode Code { get; }

    /// <summary>The legal kind (tỉnh, huyện, xã, đặc khu …).</summary>
    public UnitKind Kind { get; }

    /// <summary>The name without its kind prefix, e.g. "Ba Đình".</summary>
    public string Name { get; }

    /// <summary>The parent's code during this version; <see langword="null"/> for a province.</summary>
    public UnitCode? ParentCode { get; }

    /// <summary>First day of the version; <see langword="null"/> when it began before the registry's coverage.</summary>
    public DateOnly? ValidFrom { get; }

    /// <summary>First day the version no longer holds (exclusive); <see langword="null"/> while it holds.</summary>
    public DateOnly? ValidTo { get; }

    /// <summary>The level (province, district, commune, village).</summary>
    public UnitLevel Level => Kind.Level();

    /// <summary>The official full name, e.g. "Phường Ba Đình", "Tỉnh Gia Lai".</summary>
    public string FullName => $"{Kind.VietnamesePrefix()} {Name}";

    /// <summary>Whether this version holds on <paramref name="date"/>.</summary>
    /// <param name="date">The reference date.</param>
    /// <returns><see langword="true"/> when ValidFrom ≤ date &lt; ValidTo (open ends always hold).</returns>
    public bool IsValidAt(DateOnly date) =>
        (ValidFrom is not { } from || from <= date) && (ValidTo is not { } to || date < to);

    /// <summary>Whether this version and <paramref name="other"/> hold on at least one common day.</summary>
    /// <param name="other">Another version.</param>
    /// <returns><see langword="true"/> when the periods overlap.</returns>
    public bool Overlaps(AdministrativeUnit other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var startsBeforeOtherEnds = ValidFrom is not { } from || other.ValidTo is not { } otherTo || from < otherTo;
        var otherStartsBeforeThisEnds = other.ValidFrom is not { } otherFrom || ValidTo is not { } to || otherFrom < to;
        return startsBeforeOtherEnds && otherStartsBeforeThisEnds;
    }

    /// <summary>The full name, code and period, for messages.</summary>
    /// <returns>E.g. "Tỉnh Gia Lai (64, … – 2025-06-30)".</returns>
    public override string ToString() =>
        $"{FullName} ({Code}, {(ValidFrom is { } f ? f.ToString("O", System.Globalization.CultureInfo.InvariantCulture) : "…")} – {(ValidTo is { } t ? t.AddDays(-1).ToString("O", System.Globalization.CultureInfo.InvariantCulture) : "…")})";
}

/// <summary>Whether a predecessor passed all or part of its territory to a successor.</summary>
public enum SuccessionShare
{
    /// <summary>The whole predecessor went into this successor (possibly together with others).</summary>
    Full,

    /// <summary>Only part of the predecessor went into this successor: it was split.</summary>
    Partial,
}

/// <summary>
/// A predecessor → successor link between two unit versions, effective on <see cref="Effective"/>
/// (the predecessor's last day is the day before).
/// </summary>
/// <param name="Predecessor">The version that ended.</param>
/// <param name="Successor">The version that received its territory (or part of it).</param>
/// <param name="Effective">The first day of the successor's version.</param>
/// <param name="Share">Whether all or part of the predecessor went into the successor.</param>
/// <param name="IsMainSuccessor">
/// Whether this successor is the one the predecessor's figures are assigned to when figures are
/// restated in later boundaries: exactly one successor of each predecessor is the main one.
/// </param>
public sealed record UnitSuccession(
    AdministrativeUnit Predecessor,
    AdministrativeUnit Successor,
    DateOnly Effective,
    SuccessionShare Share,
    bool IsMainSuccessor);

/// <summary>A unit that a figure or an older unit maps to at a later date.</summary>
/// <param name="Unit">The later unit version.</param>
/// <param name="Share">Full when the whole of the source lies in <paramref name="Unit"/>, partial otherwise.</param>
/// <param name="IsMainSuccessor">Whether every step of the path was the main successor (the unit figures are assigned to).</param>
public sealed record UnitMapping(AdministrativeUnit Unit, SuccessionShare Share, bool IsMainSuccessor);
