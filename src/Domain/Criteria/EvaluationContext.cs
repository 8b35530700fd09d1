using System.Text;
using NoOneLeftBehind.Domain.Plans;

namespace NoOneLeftBehind.Domain.Criteria;

/// <summary>
/// The figures of one evaluation, indexed by year (slot = year − baseline year), on the stack.
/// </summary>
internal ref struct EvaluationContext
{
    private readonly ReadOnlySpan<YearFigures> _slots;
    private readonly ulong _present;

    public EvaluationContext(ReadOnlySpan<YearFigures> slots, ulong present, Plan plan, int nominationYear, in EvaluationFacts facts, Attestation? attestation)
    {
        _slots = slots;
        _present = present;
        var baselineYear = plan.BaselineYear;
        BaselineYear = baselineYear;
        PeriodFrom = plan.Period.From;
        PeriodTo = plan.Period.To;
        Stages = plan.Stages;
        NominationYear = nominationYear;
        Facts = facts;
        Attestation = attestation;
        var end = 0;
        for (var i = Math.Min(slots.Length - 1, nominationYear - baselineYear); i >= 0; i--)
        {
            if ((present & (1UL << i)) != 0)
            {
                end = baselineYear + i;
                break;
            }
        }
        EndYear = end;
    }

    public int BaselineYear { get; }

    /// <summary>First year of the plan period.</summary>
    public int PeriodFrom { get; }

    /// <summary>Last year of the plan period.</summary>
    public int PeriodTo { get; }

    /// <summary>The stages in which the plan rewards, to say when a window that does not fit yet can be judged.</summary>
    public IReadOnlyList<PlanStage> Stages { get; }

    public int NominationYear { get; }

    /// <summary>Latest review year supplied that is not after the nomination year; 0 when there is none.</summary>
    public int EndYear { get; }

    public EvaluationFacts Facts { get; }

    /// <summary>The attestation of the criterion being evaluated, if any; set by the engine before each criterion.</summary>
    public Attestation? Attestation { get; set; }

    public readonly bool TryGet(int year, out YearFigures figures)
    {
        var slot = year - BaselineYear;
        if ((uint)slot < (uint)_slots.Length && (_present & (1UL << slot)) != 0)
        {
            figures = _slots[slot];
            return true;
        }
        figures = default;
        return false;
    }
}

/// <summary>Collects the Vietnamese explanation and the values used; only built when explanations are asked for.</summary>
internal sealed class Trace
{
    private readonly StringBuilder _text = new();

    public Dictionary<string, decimal> Values { get; } = new(StringComparer.Ordinal);

    public int Depth { get; set; }

    public int Mark() => _text.Length;

    public void Line(string line)
    {
        _text.Append('\n').Append(' ', Depth * 2).Append(line);
    }

    /// <summary>Inserts a line at a mark taken before the lines it introduces (a header that needs the outcome).</summary>
    public void LineAt(int mark, string line)
    {
        _text.Insert(mark, "\n" + new string(' ', Depth * 2) + line);
    }

    public void Value(string name, decimal value) => Values.TryAdd(name, value);

    public string TakeText()
    {
        var text = _text.Length > 0 ? _text.ToString(1, _text.Length - 1) : string.Empty;
        _text.Clear();
        return text;
    }
}
