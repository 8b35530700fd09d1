using System.Globalization;
using NoOneLeftBehind.Domain.Plans;

namespace NoOneLeftBehind.Domain.Dossiers;

/// <summary>The pure checks of a dossier: its data against the plan, completeness, deadline and quota.</summary>
public static partial class DossierChecks
{
    /// <summary>
    /// Checks the data of a dossier against its plan: the stage exists, the award form exists and the plan grants it at
    /// that stage (<see cref="AwardStage"/>), the nominee's kind is one the plan evaluates, names and year are sensible.
    /// Every problem is reported.
    /// </summary>
    public static IReadOnlyList<DossierProblem> ValidateData(Plan plan, DossierStage stage, Nominee nominee, string awardFormId, int nominationYear)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(stage);
        ArgumentNullException.ThrowIfNull(nominee);
        var problems = new List<DossierProblem>();
        var stageOk = plan.Stages.Any(s => s.Kind == stage.Kind && (s.Year is null ? stage.Year >= plan.Period.From && stage.Year <= plan.Period.To : s.Year == stage.Year));
        if (!stageOk)
        {
            var known = string.Join(", ", plan.Stages.Select(s => s.Year is null ? Word(s.Kind) + $" ({plan.Period.From}–{plan.Period.To})" : $"{Word(s.Kind)} {s.Year}"));
            problems.Add(new("unknown-stage", "stage", $"Kế hoạch {plan.Id} không có giai đoạn {Word(stage.Kind)} {stage.Year}. Các giai đoạn: {known}.",
                $"Plan {plan.Id} has no stage {Word(stage.Kind)} {stage.Year}. Stages: {known}."));
        }
        if (!plan.AwardForms.Any(a => string.Equals(a.Id, awardFormId, StringComparison.Ordinal)))
        {
            var known = plan.AwardForms.Count == 0 ? "(không có / none)" : string.Join(", ", plan.AwardForms.Select(a => a.Id));
            problems.Add(new("unknown-award-form", DossierFields.AwardForm, $"Kế hoạch {plan.Id} không có hình thức khen thưởng '{awardFormId}'. Các hình thức: {known}.",
                $"Plan {plan.Id} has no award form '{awardFormId}'. Award forms: {known}."));
        }
        else if (stageOk && AwardStage(plan, awardFormId, stage) is { } notAtStage)
        {
            problems.Add(notAtStage);
        }
        if (!plan.Subjects.Any(s => s.Kinds.Contains(nominee.Kind)))
        {
            var known = string.Join(", ", plan.Subjects.SelectMany(s => s.Kinds).Distinct().Select(k => SubjectKinds.ToContract(k)));
            problems.Add(new("unknown-subject-kind", "nominee.kind", $"Kế hoạch {plan.Id} không xét loại đối tượng '{SubjectKinds.ToContract(nominee.Kind)}'. Các loại: {known}.",
                $"Plan {plan.Id} does not evaluate subjects of kind '{SubjectKinds.ToContract(nominee.Kind)}'. Kinds: {known}."));
        }
        if (string.IsNullOrWhiteSpace(nominee.Name) || nominee.Name.Length > 300)
            problems.Add(new("invalid-name", "nominee.name", "Tên đối tượng là bắt buộc (tối đa 300 ký tự).", "The nominee's name is required (at most 300 characters)."));
        if (nominationYear < plan.Period.From || nominationYear > plan.Period.To + 1)
            problems.Add(new("invalid-year", DossierFields.NominationYear, $"Năm đề nghị {nominationYear} nằm ngoài giai đoạn {plan.Period.From}–{plan.Period.To} của kế hoạch.",
                $"Nomination year {nominationYear} is outside the plan's period {plan.Period.From}–{plan.Period.To}."));
        return problems;
    }

    /// <summary>Every required component without an accepted file, and the first file not yet confirmed.</summary>
    public static IReadOnlyList<DossierProblem> Completeness(Dossier dossier, IReadOnlyList<ComponentRule> components)
    {
        ArgumentNullException.ThrowIfNull(dossier);
        return FileRules.Completeness(dossier.Files, components);
    }

    /// <summary>Late when <paramref name="now"/> is after the end of the deadline's day in Asia/Ho_Chi_Minh.</summary>
    public static DossierProblem? Deadline(DossierDeadline? deadline, DateTimeOffset now)
    {
        if (deadline is null || now <= deadline.EndsAt) return null;
        var date = VietnamTime.Format(deadline.Date);
        var today = VietnamTime.Format(VietnamTime.DateOf(now));
        return new DossierProblem("deadline-passed", "deadline",
            $"Đã quá hạn nộp hồ sơ: hạn cuối là ngày {date} (giờ Việt Nam, mục {deadline.Clause} của kế hoạch); hôm nay là {today}.",
            $"The submission deadline has passed: the last day was {date} (Asia/Ho_Chi_Minh, clause {deadline.Clause} of the plan); today is {today}.");
    }

    /// <summary>
    /// Refused when the body already holds <see cref="QuotaLimit.Count"/> slots and this dossier is not one of them; when
    /// the plan splits the quota by level and the nominee's <paramref name="level"/> is missing or not one of them
    /// (<c>level-required</c>); when a level is given that the plan does not split by (<c>level-not-applicable</c>).
    /// </summary>
    public static DossierProblem? Quota(QuotaLimit? limit, IReadOnlyCollection<string> heldBy, string dossierId, SubjectKind kind, string awardFormId, string? level = null)
    {
        ArgumentNullException.ThrowIfNull(heldBy);
        if (limit is null) return null;
        if (limit.SplitByLevel is { } levels && limit.Level is null)
        {
            var words = string.Join(", ", levels);
            return new DossierProblem("level-required", "nominee.level",
                $"Mục {limit.Clause} của kế hoạch chia chỉ tiêu {KindWords(kind).Vi} theo cấp ({string.Join(", ", levels.Select(QuotaLevels.Vi))}): cần ghi cấp công tác của người được đề nghị.",
                $"Clause {limit.Clause} of the plan splits the quota of {KindWords(kind).En} by level ({words}): give the nominee's level.");
        }
        if (limit.SplitByLevel is null && level is not null)
            return new DossierProblem("level-not-applicable", "nominee.level",
                $"Mục {limit.Clause} của kế hoạch không chia chỉ tiêu {KindWords(kind).Vi} theo cấp; bỏ trống cấp công tác.",
                $"Clause {limit.Clause} of the plan does not split the quota of {KindWords(kind).En} by level; leave the nominee's level empty.");
        if (heldBy.Contains(dossierId) || heldBy.Count < limit.Count) return null;
        var count = limit.Count.ToString(CultureInfo.InvariantCulture);
        var atLevelVi = limit.Level is { } l ? $" ở {QuotaLevels.Vi(l)}" : "";
        var atLevelEn = limit.Level is { } le ? $" at {le} level" : "";
        return new DossierProblem("quota-exceeded", "quota",
            $"Vượt chỉ tiêu: {limit.Nominator} chỉ được đề nghị {count} {KindWords(kind).Vi}{atLevelVi} cho {limit.AwardFormName ?? "hình thức khen thưởng này"} (mục {limit.Clause}); đã nộp {heldBy.Count.ToString(CultureInfo.InvariantCulture)}.",
            $"Quota exceeded: the nominating body may propose {count} {KindWords(kind).En}{atLevelEn} for {(limit.AwardFormName is { } name ? $"“{name}”" : "this award form")} (clause {limit.Clause}); {heldBy.Count.ToString(CultureInfo.InvariantCulture)} already submitted.");
    }

    /// <summary>
    /// Refused (<c>plan-not-for-unit</c> on <c>planId</c>) when <paramref name="plan"/> governs named units
    /// (<see cref="Plan.Governs"/>) and <paramref name="nominatingUnitCode"/> lies within none of them: a Gia Lai
    /// commune does not draft under Bắc Giang's plan. <paramref name="isWithin"/> answers "is unit A within unit B".
    /// </summary>
    public static DossierProblem? PlanForUnit(Plan plan, string nominatingUnitCode, Func<string, string, bool> isWithin)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(isWithin);
        if (plan.Governs is not { Count: > 0 } governs || governs.Any(u => isWithin(nominatingUnitCode, u))) return null;
        return new DossierProblem("plan-not-for-unit", "planId",
            $"Kế hoạch '{plan.Id}' của {plan.Issuer} chỉ áp dụng cho đơn vị thuộc {string.Join(", ", governs)}; đơn vị {nominatingUnitCode} không thuộc phạm vi đó.",
            $"Plan '{plan.Id}' ({plan.Issuer}) governs only units within {string.Join(", ", governs)}; unit {nominatingUnitCode} is outside it.");
    }

    /// <summary>A kind of nominee in words, counted ("hộ gia đình" / "household(s)").</summary>
    public static (string Vi, string En) KindWords(SubjectKind kind) => kind switch
    {
        SubjectKind.Agency => ("cơ quan, đơn vị", "agency(ies)"),
        SubjectKind.District => ("huyện", "district(s)"),
        SubjectKind.Commune => ("xã", "commune(s)"),
        SubjectKind.Village => ("thôn, làng, bản", "village(s)"),
        SubjectKind.Household => ("hộ gia đình", "household(s)"),
        SubjectKind.Official => ("cán bộ, công chức", "official(s)"),
        SubjectKind.Enterprise => ("doanh nghiệp, hợp tác xã", "enterprise(s)"),
        SubjectKind.Collective => ("tập thể", "collective(s)"),
        SubjectKind.Individual => ("cá nhân", "individual(s)"),
        _ => ("đối tượng", "nominee(s)"),
    };

    /// <summary>The API word of a stage kind.</summary>
    public static string Word(StageKind kind) => kind switch
    {
        StageKind.Launch => "launch",
        StageKind.Annual => "annual",
        StageKind.MidTerm => "mid-term",
        StageKind.Final => "final",
        _ => kind.ToString(),
    };
}
