namespace NoOneLeftBehind.Domain.Criteria.Rules;

/// <summary>"All of" or "any of" its children, with the three-valued combination of <see cref="StatusAlgebra"/>.</summary>
internal sealed class CompositeRule(bool all, Rule[] children) : Rule
{
    public override bool IsMachineDecidable => children.Any(c => c.IsMachineDecidable);

    public override bool HasJudgement => children.Any(c => c.HasJudgement);

    public override CriterionStatus Evaluate(in EvaluationContext context, Trace? trace)
    {
        var status = all ? CriterionStatus.Met : CriterionStatus.NotMet;
        var mark = trace?.Mark() ?? 0;
        if (trace is not null)
            trace.Depth++;
        foreach (var child in children)
        {
            var s = child.Evaluate(context, trace);
            status = all ? StatusAlgebra.AllOf(status, s) : StatusAlgebra.AnyOf(status, s);
            if (trace is null && ((all && status == CriterionStatus.NotMet) || (!all && status == CriterionStatus.Met)))
                return status;
        }
        if (trace is not null)
        {
            trace.Depth--;
            trace.LineAt(mark, (all ? "Tất cả các điều kiện sau" : "Một trong các điều kiện sau") + $": {Vi.Mark(status)} {Vi.Word(status)}");
        }
        return status;
    }
}
