using NoOneLeftBehind.Domain.Plans;

namespace NoOneLeftBehind.Domain.Criteria;

/// <summary>Checks a request against its plan. Allocates only when it finds a problem.</summary>
internal static class RequestValidator
{
    public static List<InputError>? Validate(PlanCatalogue catalogue, EvaluationRequest request,
        out CompiledPlan? plan, out CompiledSubject? subject, out int category)
    {
        List<InputError>? errors = null;
        subject = null;
        category = -1;
        if (!catalogue.TryGetCompiled(request.PlanId, out plan))
        {
            var known = string.Join(", ", catalogue.PlanIds);
            Add(ref errors, "planId",
                $"Không có kế hoạch '{request.PlanId}'. Các kế hoạch hiện có: {known}.",
                $"Unknown plan '{request.PlanId}'. Known plans: {known}.");
            return errors;
        }

        // A subject the plan gives no rule for (a kind it does not name, tags that match none of its categories) is
        // not a bad request: the engine evaluates what applies and reports the gap. Only malformed input is an error.
        if (request.Subject is null)
        {
            Add(ref errors, "subject", "Thiếu đối tượng được đề nghị.", "The subject is required.");
        }
        else if (!PlanEnumValues.IsDefined(request.Subject.Kind))
        {
            Add(ref errors, "subject.kind",
                $"Loại đối tượng '{(int)request.Subject.Kind}' không có. Các loại: {string.Join(", ", SubjectKinds.KindWords)}.",
                $"Unknown subject kind '{(int)request.Subject.Kind}'. Kinds: {string.Join(", ", SubjectKinds.KindWords)}.");
        }
        else
        {
            subject = plan.SubjectsByKind[(int)request.Subject.Kind];
            category = subject?.CategoryOf(request.Subject.Tags) ?? -1;
        }

        var period = plan.Definition.Period;
        if (request.NominationYear < period.From || request.NominationYear > period.To)
        {
            Add(ref errors, "nominationYear",
                $"Năm đề nghị {request.NominationYear} nằm ngoài giai đoạn của kế hoạch ({period.From}–{period.To}).",
                $"Nomination year {request.NominationYear} is outside the plan period ({period.From}–{period.To}).");
        }

        if (request.AwardFormId is not null)
            ValidateAwardForm(plan, request.AwardFormId, ref errors);

        ValidateStatistics(plan, request.Statistics, ref errors);
        ValidateFacts(request, ref errors);
        if (request.Subject is not null)
            ValidateAttestations(plan, subject, category, request.AwardFormId, request.Attestations, ref errors);
        return errors;
    }

    // Apart from Validate: a lambda capturing the id there would allocate on every request (EngineAllocationTests).
    private static void ValidateAwardForm(CompiledPlan plan, string awardFormId, ref List<InputError>? errors)
    {
        if (plan.Definition.AwardForms.Any(f => string.Equals(f.Id, awardFormId, StringComparison.Ordinal)))
            return;
        var forms = string.Join(", ", plan.Definition.AwardForms.Select(f => f.Id));
        Add(ref errors, "awardFormId",
            $"Kế hoạch {plan.Id} không có hình thức khen thưởng '{awardFormId}'. Các hình thức: {forms}.",
            $"Plan {plan.Id} has no award form '{awardFormId}'. Award forms: {forms}.");
    }

    private static void ValidateStatistics(CompiledPlan plan, IReadOnlyList<YearFigures>? statistics, ref List<InputError>? errors)
    {
        if (statistics is null)
        {
            Add(ref errors, "statistics", "Thiếu danh sách số liệu (có thể để trống []).", "Statistics are required (may be empty []).");
            return;
        }
        ulong seen = 0;
        var first = plan.BaselineYear;
        var last = plan.Definition.Period.To;
        for (var i = 0; i < statistics.Count; i++)
        {
            var f = statistics[i];
            if (f.Year < first || f.Year > last)
            {
                Add(ref errors, Indexed(i, "year"),
                    $"Năm {f.Year} nằm ngoài giai đoạn của kế hoạch: từ năm đầu kỳ {first} đến {last}.",
                    $"Year {f.Year} is outside the plan: from the baseline year {first} to {last}.");
            }
            else
            {
                var bit = 1UL << (f.Year - first);
                if ((seen & bit) != 0)
                {
                    Add(ref errors, Indexed(i, "year"),
                        $"Năm {f.Year} bị lặp: mỗi năm chỉ có một dòng số liệu.",
                        $"Year {f.Year} appears more than once: one row per year.");
                }
                seen |= bit;
            }
            if (f.Households <= 0)
                Add(ref errors, Indexed(i, "households"), "Tổng số hộ phải lớn hơn 0.", "Households must be greater than 0.");
            if (f.Poor < 0)
                Add(ref errors, Indexed(i, "poor"), "Số hộ nghèo không được âm.", "The poor-household count must not be negative.");
            if (f.NearPoor < 0)
                Add(ref errors, Indexed(i, "nearPoor"), "Số hộ cận nghèo không được âm.", "The near-poor-household count must not be negative.");
            if (f.Households > 0 && f.Poor >= 0 && f.NearPoor >= 0 && f.Poor + f.NearPoor > f.Households)
            {
                Add(ref errors, $"statistics[{i}]",
                    $"Số hộ nghèo ({f.Poor}) cộng số hộ cận nghèo ({f.NearPoor}) vượt tổng số hộ ({f.Households}).",
                    $"Poor ({f.Poor}) plus near-poor ({f.NearPoor}) households exceed all households ({f.Households}).");
            }
            ValidateMinority(i, f, ref errors);
        }
    }

    private static void ValidateMinority(int i, in YearFigures f, ref List<InputError>? errors)
    {
        if (f.MinorityHouseholds < 0)
            Add(ref errors, Indexed(i, "minorityHouseholds"), "Số hộ dân tộc thiểu số không được âm.", "Minority households must not be negative.");
        else if (f.MinorityHouseholds > f.Households)
            Add(ref errors, Indexed(i, "minorityHouseholds"), "Số hộ dân tộc thiểu số vượt tổng số hộ.", "Minority households exceed all households.");
        if (f.MinorityPoor < 0)
            Add(ref errors, Indexed(i, "minorityPoor"), "Số hộ nghèo dân tộc thiểu số không được âm.", "Minority poor households must not be negative.");
        if (f.MinorityNearPoor < 0)
            Add(ref errors, Indexed(i, "minorityNearPoor"), "Số hộ cận nghèo dân tộc thiểu số không được âm.", "Minority near-poor households must not be negative.");
        if (f.MinorityHouseholds is { } mh && (f.MinorityPoor ?? 0) + (f.MinorityNearPoor ?? 0) > mh)
            Add(ref errors, $"statistics[{i}]", "Số hộ nghèo và cận nghèo dân tộc thiểu số vượt số hộ dân tộc thiểu số.", "Minority poor plus near-poor households exceed minority households.");
    }

    private static void ValidateFacts(EvaluationRequest request, ref List<InputError>? errors)
    {
        var facts = request.Facts;
        if (facts.PolicyHouseholdsPoor < 0)
            Add(ref errors, "facts.policyHouseholdsPoor", "Số hộ chính sách còn nghèo không được âm.", "policyHouseholdsPoor must not be negative.");
        if (facts.PolicyHouseholdsPoorYear is { } counted && (counted > request.NominationYear || counted < 1900))
        {
            Add(ref errors, "facts.policyHouseholdsPoorYear",
                $"Năm của số hộ chính sách còn nghèo ({counted}) phải từ 1900 đến năm đề nghị ({request.NominationYear}).",
                $"The year policyHouseholdsPoor was counted ({counted}) must be between 1900 and the nomination year ({request.NominationYear}).");
        }
        if (facts.EscapedPovertyYear is { } escaped && (escaped > request.NominationYear || escaped < 1900))
        {
            Add(ref errors, "facts.escapedPovertyYear",
                $"Năm thoát nghèo ({escaped}) phải từ 1900 đến năm đề nghị ({request.NominationYear}).",
                $"The year of escaping poverty ({escaped}) must be between 1900 and the nomination year ({request.NominationYear}).");
        }
        if (facts.ConsecutiveYearsInPovertyWork < 0)
            Add(ref errors, "facts.consecutiveYearsInPovertyWork", "Số năm không được âm.", "consecutiveYearsInPovertyWork must not be negative.");
        if (facts.Contribution < 0)
            Add(ref errors, "facts.contribution", "Kinh phí đóng góp không được âm.", "contribution must not be negative.");
    }

    private static void ValidateAttestations(CompiledPlan plan, CompiledSubject? subject, int category, string? awardFormId, IReadOnlyList<Attestation>? attestations,
        ref List<InputError>? errors)
    {
        if (attestations is null)
            return;
        for (var i = 0; i < attestations.Count; i++)
        {
            var id = attestations[i]?.CriterionId;
            var criterion = id is null ? null : subject?.Find(id);
            var applies = criterion is not null && criterion.AppliesTo(category);
            if (criterion is null && id is not null)
            {
                // An award form's criteria apply to every subject evaluated for it.
                foreach (var awardCriterion in plan.AwardCriteriaOf(awardFormId))
                {
                    // A loop, not a lambda: a closure over id would allocate on every request.
                    if (string.Equals(awardCriterion.Id, id, StringComparison.Ordinal))
                        criterion = awardCriterion;
                }
                applies = criterion is not null;
            }
            if (criterion is null || !applies)
            {
                Add(ref errors, $"attestations[{i}].criterionId",
                    $"Tiêu chí '{id}' không thuộc kế hoạch {plan.Id} cho đối tượng này.",
                    $"Criterion '{id}' is not a criterion of plan {plan.Id} for this subject.");
            }
            else if (!criterion.HasJudgement)
            {
                Add(ref errors, $"attestations[{i}].criterionId",
                    $"Tiêu chí '{id}' được tính từ số liệu, không thể xác nhận thủ công.",
                    $"Criterion '{id}' is decided from the figures and cannot be attested.");
            }
            else
            {
                for (var j = 0; j < i; j++)
                {
                    if (string.Equals(attestations[j]?.CriterionId, id, StringComparison.Ordinal))
                    {
                        Add(ref errors, $"attestations[{i}].criterionId", $"Tiêu chí '{id}' được xác nhận hai lần.", $"Criterion '{id}' is attested twice.");
                        break;
                    }
                }
            }
        }
    }

    internal static string Describe(TagCondition when)
    {
        var parts = new List<string>();
        if (when.AllTags is { Count: > 0 } all)
            parts.Add("tất cả/all: " + string.Join(", ", all.Select(SubjectKinds.ToContract)));
        if (when.AnyTags is { Count: > 0 } any)
            parts.Add("một trong/any: " + string.Join(", ", any.Select(SubjectKinds.ToContract)));
        if (when.NoneTags is { Count: > 0 } none)
            parts.Add("không có/none: " + string.Join(", ", none.Select(SubjectKinds.ToContract)));
        return parts.Count == 0 ? "mọi đối tượng" : string.Join("; ", parts);
    }

    private static string Indexed(int i, string field) => $"statistics[{i}].{field}";

    private static void Add(ref List<InputError>? errors, string field, string vi, string en) =>
        (errors ??= []).Add(new InputError(field, vi, en));
}
