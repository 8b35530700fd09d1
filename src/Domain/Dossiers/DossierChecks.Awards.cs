using System.Globalization;
using System.Text;
using NoOneLeftBehind.Domain.Plans;

namespace NoOneLeftBehind.Domain.Dossiers;

// The award form against the stage and against the nominee's other proposals: the plan's award stages and exclusions
// (AwardForm.Stages, AwardForm.ExcludedWith; Chư Pưh III.2.b).
public static partial class DossierChecks
{
    /// <summary>
    /// Refused (<c>award-not-at-stage</c>) when the plan grants the award form only at other stages: Chư Pưh's province
    /// awards (Cờ thi đua, Bằng khen của Chủ tịch UBND tỉnh) at the sơ kết and tổng kết, never in an annual round.
    /// Null for an award form the plan does not have (<see cref="ValidateData"/> reports it).
    /// </summary>
    public static DossierProblem? AwardStage(Plan plan, string awardFormId, DossierStage stage)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(stage);
        var form = plan.AwardForms.FirstOrDefault(f => string.Equals(f.Id, awardFormId, StringComparison.Ordinal));
        if (form is null || AwardStages.Grants(plan, form, stage.Kind, stage.Year)) return null;
        var (vi, en) = AwardStages.Describe(plan, form);
        var clause = form.Stages is { Count: > 0 } stages ? string.Join(", ", stages.Select(s => s.Clause).Distinct()) : form.Clause;
        var year = stage.Year.ToString(CultureInfo.InvariantCulture);
        return new DossierProblem("award-not-at-stage", "stage",
            $"Kế hoạch chỉ xét {form.Name} ở các đợt: {vi} (mục {clause}); hồ sơ này thuộc đợt {StageNames.Vi(stage.Kind)} {year}. Chọn đợt khác hoặc hình thức khen thưởng khác.",
            $"The plan grants “{form.Name}” only at: {en} (clause {clause}); this dossier is for the {StageNames.En(stage.Kind)} {year}. Choose another stage or award form.");
    }

    /// <summary>
    /// Refused (<c>excluded-award</c>) when the same nominee (<see cref="NomineeKey"/>) is already proposed in the same
    /// plan and stage for an award form that excludes this one, either way (<see cref="AwardForm.ExcludedWith"/>: a unit
    /// proposed for a State award is not also proposed for the province's award). "Proposed" is a dossier submitted and
    /// not rejected (<see cref="IsProposed"/>); drafts do not count. The message names the other dossier's tracking code.
    /// </summary>
    public static DossierProblem? Exclusion(Plan plan, Dossier dossier, IEnumerable<Dossier> others)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(dossier);
        ArgumentNullException.ThrowIfNull(others);
        var excluded = ExcludedWith(plan, dossier.AwardFormId, dossier.Nominee.Kind);
        if (excluded.Count == 0) return null;
        var key = NomineeKey(dossier);
        foreach (var other in others)
        {
            if (other.Id == dossier.Id || other.PlanId != dossier.PlanId || other.Stage != dossier.Stage || !IsProposed(other.Status)) continue;
            if (!excluded.TryGetValue(other.AwardFormId, out var clause) || !string.Equals(NomineeKey(other), key, StringComparison.Ordinal)) continue;
            var mine = plan.AwardForms.FirstOrDefault(f => f.Id == dossier.AwardFormId)?.Name ?? dossier.AwardFormId;
            var theirs = plan.AwardForms.FirstOrDefault(f => f.Id == other.AwardFormId)?.Name ?? other.AwardFormId;
            var code = other.TrackingCode ?? other.Id.Value;
            var stage = $"{StageNames.Vi(dossier.Stage.Kind)} {dossier.Stage.Year.ToString(CultureInfo.InvariantCulture)}";
            var stageEn = $"{StageNames.En(dossier.Stage.Kind)} {dossier.Stage.Year.ToString(CultureInfo.InvariantCulture)}";
            return new DossierProblem("excluded-award", DossierFields.AwardForm,
                $"“{dossier.Nominee.Name}” đã được đề nghị {theirs} trong đợt {stage} (hồ sơ {code}); theo mục {clause} của kế hoạch, không đề nghị đồng thời {mine} trong cùng đợt.",
                $"“{dossier.Nominee.Name}” is already proposed for “{theirs}” in the {stageEn} (dossier {code}); clause {clause} of the plan does not allow also proposing it for “{mine}” in the same stage.");
        }
        return null;
    }

    /// <summary>
    /// The award forms that exclude <paramref name="awardFormId"/> for a nominee of <paramref name="kind"/> (either side
    /// naming the other), with the clause that says so.
    /// </summary>
    public static IReadOnlyDictionary<string, string> ExcludedWith(Plan plan, string awardFormId, SubjectKind kind)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var excluded = new Dictionary<string, string>(StringComparer.Ordinal);
        static bool Covers(AwardExclusion e, SubjectKind k) => e.Kinds is null || e.Kinds.Contains(k);
        foreach (var form in plan.AwardForms)
        {
            if (form.ExcludedWith is not { } exclusion || !Covers(exclusion, kind)) continue;
            if (string.Equals(form.Id, awardFormId, StringComparison.Ordinal))
            {
                foreach (var other in exclusion.AwardForms) excluded.TryAdd(other, exclusion.Clause);
            }
            else if (exclusion.AwardForms.Contains(awardFormId, StringComparer.Ordinal))
            {
                excluded.TryAdd(form.Id, exclusion.Clause);
            }
        }
        return excluded;
    }

    /// <summary>A dossier that stands as a proposal: submitted and not rejected (drafts and rejections propose nothing).</summary>
    public static bool IsProposed(DossierStatus status) => status is not (DossierStatus.Draft or DossierStatus.Rejected);

    /// <summary>
    /// Who a dossier proposes, across dossiers: a nominee with an administrative unit code (a district, a commune) is
    /// that unit, whoever nominates it (<c>unit:{code}</c>); any other nominee is its kind and its name as written by its
    /// nominating body (<c>{body}|{kind}|{name}</c>, the name in Unicode NFC, trimmed, inner spaces collapsed, lower
    /// case; diacritics kept, since "Ân" and "An" are different people). Two bodies naming the same household are two
    /// nominees: the product has no register of people.
    /// </summary>
    public static string NomineeKey(Dossier dossier)
    {
        ArgumentNullException.ThrowIfNull(dossier);
        var nominee = dossier.Nominee;
        if (!string.IsNullOrWhiteSpace(nominee.UnitCode)) return "unit:" + nominee.UnitCode.Trim();
        return string.Join('|', dossier.NominatingBodyId, SubjectKinds.ToContract(nominee.Kind), NormalizeName(nominee.Name));
    }

    private static string NormalizeName(string name)
    {
        var text = (name ?? "").Normalize(NormalizationForm.FormC).Trim();
        var builder = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c)) { space = true; continue; }
            if (space && builder.Length > 0) builder.Append(' ');
            space = false;
            builder.Append(char.ToLowerInvariant(c));
        }
        return builder.ToString();
    }
}
