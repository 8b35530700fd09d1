namespace NoOneLeftBehind.Domain.Criteria.Rules;

/// <summary>Never passed by the machine: needs-review unless a reviewer attested the criterion.</summary>
internal sealed class JudgementRule(string? note) : Rule
{
    public override bool IsMachineDecidable => false;

    public override bool HasJudgement => true;

    public override CriterionStatus Evaluate(in EvaluationContext context, Trace? trace)
    {
        var attestation = context.Attestation;
        var status = attestation is null ? CriterionStatus.NeedsReview : attestation.Met ? CriterionStatus.Met : CriterionStatus.NotMet;
        if (trace is not null)
        {
            var what = string.IsNullOrEmpty(note) ? "Tiêu chí định tính" : note.TrimEnd('.');
            var line = attestation switch
            {
                null => $"{what}: cần người thẩm định đánh giá (chưa có xác nhận).",
                { Met: true } => $"{what}: ✓ người thẩm định xác nhận đạt" + NoteOf(attestation),
                _ => $"{what}: ✗ người thẩm định xác nhận không đạt" + NoteOf(attestation),
            };
            trace.Line(line);
        }
        return status;
    }

    /// <summary>" (note)." or "." after a reviewer's decision.</summary>
    internal static string NoteOf(Attestation attestation) =>
        string.IsNullOrWhiteSpace(attestation.Note) ? "." : $" ({attestation.Note}).";
}
