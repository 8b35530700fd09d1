namespace NoOneLeftBehind.Domain.Statistics;

/// <summary>
/// The ethnic-minority part of a unit's review result (hộ dân tộc thiểu số): households, of which
/// poor and near-poor.
/// </summary>
public readonly record struct MinorityCounts
{
    /// <summary>Creates the counts; throws when they are inconsistent (see <see cref="HouseholdCounts.Check"/>).</summary>
    /// <param name="households">Ethnic-minority households.</param>
    /// <param name="poor">Of which poor.</param>
    /// <param name="nearPoor">Of which near-poor.</param>
    public MinorityCounts(long households, long poor, long nearPoor)
    {
        if (households < 0 || poor < 0 || nearPoor < 0 || poor + nearPoor > households)
            throw new ArgumentException($"Inconsistent minority counts: households {households}, poor {poor}, near-poor {nearPoor}.");
        Households = households;
        Poor = poor;
        NearPoor = nearPoor;
    }

    /// <summary>Ethnic-minority households.</summary>
    public long Households { get; }

    /// <summary>Ethnic-minority poor households.</summary>
    public long Poor { get; }

    /// <summary>Ethnic-minority near-poor households.</summary>
    public long NearPoor { get; }
}

/// <summary>What is wrong with a set of counts.</summary>
public enum CountsProblem
{
    /// <summary>A count is negative.</summary>
    Negative,

    /// <summary>There are no households (a rate needs at least one).</summary>
    NoHouseholds,

    /// <summary>Poor households outnumber all households.</summary>
    PoorExceedsHouseholds,

    /// <summary>Poor + near-poor households outnumber all households.</summary>
    PoorAndNearPoorExceedHouseholds,

    /// <summary>Ethnic-minority households outnumber all households.</summary>
    MinorityExceedsHouseholds,

    /// <summary>Ethnic-minority poor + near-poor outnumber ethnic-minority households.</summary>
    MinorityPoorAndNearPoorExceedMinorityHouseholds,

    /// <summary>Ethnic-minority poor (or near-poor) outnumber all poor (or near-poor).</summary>
    MinorityPoorExceedsPoor,
}

/// <summary>
/// A unit's annual review result (kết quả rà soát hộ nghèo, hộ cận nghèo): resident households,
/// poor, near-poor and optionally the ethnic-minority part. Rates are always computed from these
/// counts, and aggregates by adding counts, never by averaging rates.
/// </summary>
public readonly record struct HouseholdCounts
{
    /// <summary>Creates the counts.</summary>
    /// <param name="households">All resident households (&gt; 0).</param>
    /// <param name="poor">Poor households.</param>
    /// <param name="nearPoor">Near-poor households.</param>
    /// <param name="minority">The ethnic-minority part, when reported.</param>
    /// <exception cref="ArgumentException">The counts are inconsistent (<see cref="Check"/> lists why).</exception>
    public HouseholdCounts(long households, long poor, long nearPoor, MinorityCounts? minority = null)
    {
        var problems = Check(households, poor, nearPoor, minority is { } m ? (m.Households, m.Poor, m.NearPoor) : null);
        if (problems.Count > 0)
            throw new ArgumentException($"Inconsistent counts ({string.Join(", ", problems)}): households {households}, poor {poor}, near-poor {nearPoor}.");
        Households = households;
        Poor = poor;
        NearPoor = nearPoor;
        Minority = minority;
    }

    /// <summary>All resident households.</summary>
    public long Households { get; }

    /// <summary>Poor households.</summary>
    public long Poor { get; }

    /// <summary>Near-poor households.</summary>
    public long NearPoor { get; }

    /// <summary>The ethnic-minority part, when reported.</summary>
    public MinorityCounts? Minority { get; }

    /// <summary>Poor + near-poor households (quy mô hộ nghèo và cận nghèo).</summary>
    public long PoorAndNearPoor => Poor + NearPoor;

    /// <summary>Poor households ÷ all households.</summary>
    public Rate PoorRate => Rate.Of(Poor, Households);

    /// <summary>Near-poor households ÷ all households.</summary>
    public Rate NearPoorRate => Rate.Of(NearPoor, Households);

    /// <summary>(Poor + near-poor) ÷ all households.</summary>
    public Rate PoorAndNearPoorRate => Rate.Of(PoorAndNearPoor, Households);

    /// <summary>Ethnic-minority poor ÷ ethnic-minority households, when reported and there are such households.</summary>
    public Rate? MinorityPoorRate => Minority is { Households: > 0 } m ? Rate.Of(m.Poor, m.Households) : null;

    /// <summary>Ethnic-minority (poor + near-poor) ÷ ethnic-minority households, when reported and there are such households.</summary>
    public Rate? MinorityPoorAndNearPoorRate => Minority is { Households: > 0 } m ? Rate.Of(m.Poor + m.NearPoor, m.Households) : null;

    /// <summary>Lists what is wrong with a set of raw counts; empty when they are consistent.</summary>
    /// <param name="households">All resident households.</param>
    /// <param name="poor">Poor households.</param>
    /// <param name="nearPoor">Near-poor households.</param>
    /// <param name="minority">The ethnic-minority part as (households, poor, near-poor), when reported.</param>
    /// <returns>The problems, in a stable order.</returns>
    public static IReadOnlyList<CountsProblem> Check(long households, long poor, long nearPoor, (long Households, long Poor, long NearPoor)? minority)
    {
        var problems = new List<CountsProblem>(2);
        if (households < 0 || poor < 0 || nearPoor < 0
            || minority is { } n && (n.Households < 0 || n.Poor < 0 || n.NearPoor < 0))
        {
            problems.Add(CountsProblem.Negative);
            return problems;
        }

        if (households == 0)
            problems.Add(CountsProblem.NoHouseholds);
        if (poor > households)
            problems.Add(CountsProblem.PoorExceedsHouseholds);
        else if (poor + nearPoor > households)
            problems.Add(CountsProblem.PoorAndNearPoorExceedHouseholds);
        if (minority is { } m)
        {
            if (m.Households > households)
                problems.Add(CountsProblem.MinorityExceedsHouseholds);
            if (m.Poor + m.NearPoor > m.Households)
                problems.Add(CountsProblem.MinorityPoorAndNearPoorExceedMinorityHouseholds);
            if (m.Poor > poor || m.NearPoor > nearPoor)
                problems.Add(CountsProblem.MinorityPoorExceedsPoor);
        }

        return problems;
    }
}
