using NoOneLeftBehind.Domain.Plans;

namespace NoOneLeftBehind.Domain.Criteria.Rules;

/// <summary>A compiled rule: immutable, shared by every evaluation, thread-safe.</summary>
internal abstract class Rule
{
    /// <summary>True when the rule (or a child) is decided from figures or facts.</summary>
    public abstract bool IsMachineDecidable { get; }

    /// <summary>True when the rule (or a child) needs a reviewer.</summary>
    public abstract bool HasJudgement { get; }

    /// <summary>Evaluates; writes the explanation to <paramref name="trace"/> when it is not null.</summary>
    public abstract CriterionStatus Evaluate(in EvaluationContext context, Trace? trace);
}

/// <summary>A non-negative decimal threshold held as an exact fraction (numerator / 10^scale).</summary>
internal readonly struct ExactDecimal
{
    public ExactDecimal(decimal value)
    {
        Value = value;
        var scale = value.Scale;
        Denominator = (long)Math.Pow(10, scale);
        Numerator = (long)(value * Denominator);
    }

    public decimal Value { get; }

    public long Numerator { get; }

    public long Denominator { get; }
}

/// <summary>Reads a measure from a year's figures: numerator over households for rates, a count otherwise.</summary>
internal static class Measures
{
    public static long Count(Measure measure, in YearFigures f) => measure switch
    {
        Measure.PoorRate => f.Poor,
        _ => f.Poor + f.NearPoor,
    };

    /// <summary>Exact rate in percent, for display (the comparisons use integers).</summary>
    public static decimal Percent(Measure measure, in YearFigures f) => Count(measure, f) * 100m / f.Households;

    public static string Key(Measure measure) => measure switch
    {
        Measure.PoorRate => "poorRate",
        Measure.PoorAndNearPoorRate => "poorAndNearPoorRate",
        _ => "poorAndNearPoor",
    };

    public static string Name(Measure measure) => measure switch
    {
        Measure.PoorRate => "tỷ lệ hộ nghèo",
        Measure.PoorAndNearPoorRate => "tỷ lệ hộ nghèo và cận nghèo",
        _ => "quy mô hộ nghèo và hộ cận nghèo",
    };
}
