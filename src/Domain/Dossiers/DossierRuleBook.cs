using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using NoOneLeftBehind.Domain.Bodies;
using NoOneLeftBehind.Domain.Plans;

namespace NoOneLeftBehind.Domain.Dossiers;

/// <summary>
/// The dossier rules the plans state in words, as data (<c>Dossiers/Rules/dossier-rules.json</c>):
/// which deadline of a plan applies to a submission, which units a quota's nominator means, which
/// components are optional, and the components of plans that defer to the law.
/// </summary>
public sealed class DossierRuleBook
{
    private const string ResourceName = "dossiers/dossier-rules.json";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { ReadCommentHandling = JsonCommentHandling.Skip };
    private readonly RuleFile _file;
    private readonly Dictionary<string, PlanRules> _plans;

    private DossierRuleBook(RuleFile file)
    {
        _file = file;
        _plans = file.Plans.ToDictionary(p => p.PlanId, StringComparer.Ordinal);
    }

    /// <summary>The rules embedded in the domain assembly.</summary>
    public static DossierRuleBook LoadEmbedded()
    {
        using var stream = typeof(DossierRuleBook).Assembly.GetManifestResourceStream(ResourceName)
                           ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return Load(reader.ReadToEnd());
    }

    /// <summary>Rules from JSON text.</summary>
    public static DossierRuleBook Load(string json) =>
        new(JsonSerializer.Deserialize<RuleFile>(json, Json) ?? throw new InvalidDataException("Empty dossier rules."));

    /// <summary>The dossier components of <paramref name="plan"/> (its own, or the legal default list when it defers to the law).</summary>
    public IReadOnlyList<ComponentRule> ComponentsOf(Plan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var rules = _plans.GetValueOrDefault(plan.Id);
        if (plan.Dossier.Components.Count > 0)
        {
            var optional = rules?.OptionalComponents ?? [];
            return [.. plan.Dossier.Components.Select(c => new ComponentRule(c.Id, c.Text, c.Template, !optional.Contains(c.Id, StringComparer.Ordinal)))];
        }
        return DefaultComponents();
    }

    private List<ComponentRule> DefaultComponents()
    {
        var d = _file.DefaultComponents;
        return [.. d.Components.Select(c => new ComponentRule(c.Id, c.Text, c.Template, !d.Optional.Contains(c.Id, StringComparer.Ordinal)) { Basis = d.Basis })];
    }

    /// <summary>
    /// The components of <paramref name="dossier"/> nominated by <paramref name="body"/>: its route's (<see cref="RouteOf(Plan, Dossier, NominatingBody)"/>);
    /// for a plan that routes dossiers, a dossier on no route (a Giấy khen the unit's head decides) gets the legal default list
    /// — the plan's own list is then the list a body sends on (Bắc Giang IV.3.b), never a unit's dossier; else the plan's.
    /// </summary>
    public IReadOnlyList<ComponentRule> ComponentsOf(Plan plan, Dossier dossier, NominatingBody body)
    {
        ArgumentNullException.ThrowIfNull(dossier);
        return ComponentsOf(plan, dossier.Stage, dossier.AwardFormId, body);
    }

    /// <summary>The components of a dossier of <paramref name="stage"/> for <paramref name="awardFormId"/> nominated by <paramref name="body"/> (see <see cref="ComponentsOf(Plan, Dossier, NominatingBody)"/>).</summary>
    public IReadOnlyList<ComponentRule> ComponentsOf(Plan plan, DossierStage stage, string awardFormId, NominatingBody body)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (RouteOf(plan, stage, awardFormId, body) is { } route) return route.Components;
        return _plans.GetValueOrDefault(plan.Id)?.Routes is { Count: > 0 } ? DefaultComponents() : ComponentsOf(plan);
    }

    /// <summary>The deadline for submitting a dossier of <paramref name="stage"/> by <paramref name="nominatingUnitCode"/> by the plan's level rules, or null when it sets none (plans with routes: <see cref="SubmissionDeadline(Plan, Dossier, NominatingBody)"/>).</summary>
    public DossierDeadline? SubmissionDeadline(Plan plan, DossierStage stage, string nominatingUnitCode) =>
        FindDeadline(plan, stage, nominatingUnitCode, r => r.SubmissionDeadlines);

    /// <summary>
    /// The deadline for submitting <paramref name="dossier"/> nominated by <paramref name="body"/>: none for an award form its
    /// unit's head decides by their own authority (<see cref="DecidedByUnitHead"/>: Giấy khen, e.g. Bắc Giang IV.2.b); its
    /// route's (<see cref="RouteOf(Plan, Dossier, NominatingBody)"/>: a unit's 30/11/2023 to Sở LĐ-TB&amp;XH, the Sở's own list's 05/12/2023); else the plan's for its
    /// stage and level.
    /// </summary>
    public DossierDeadline? SubmissionDeadline(Plan plan, Dossier dossier, NominatingBody body)
    {
        ArgumentNullException.ThrowIfNull(dossier);
        return SubmissionDeadline(plan, dossier.Stage, dossier.AwardFormId, dossier.NominatingUnitCode.Value, body);
    }

    /// <summary>The deadline of a dossier of <paramref name="stage"/> for <paramref name="awardFormId"/> nominated by <paramref name="body"/> of <paramref name="nominatingUnitCode"/> (see <see cref="SubmissionDeadline(Plan, Dossier, NominatingBody)"/>).</summary>
    public DossierDeadline? SubmissionDeadline(Plan plan, DossierStage stage, string awardFormId, string nominatingUnitCode, NominatingBody body)
    {
        if (DecidedByUnitHead(plan, awardFormId)) return null;
        if (RouteOf(plan, stage, awardFormId, body) is { } route) return DeadlineById(plan, route.DeadlineId, stage);
        return SubmissionDeadline(plan, stage, nominatingUnitCode);
    }

    /// <summary>
    /// The route <paramref name="dossier"/> takes when <paramref name="body"/> nominates it (Bắc Giang IV.3.a), or null when the
    /// plan routes nothing for its stage and award form (a Giấy khen, or a plan without routes). The first route whose
    /// stage, award form and sender roles match: a body playing one of <c>fromRoles</c>, or none of <c>fromRolesExcept</c>.
    /// </summary>
    public DossierRoute? RouteOf(Plan plan, Dossier dossier, NominatingBody body)
    {
        ArgumentNullException.ThrowIfNull(dossier);
        return RouteOf(plan, dossier.Stage, dossier.AwardFormId, body);
    }

    /// <summary>The route a dossier of <paramref name="stage"/> for <paramref name="awardFormId"/> takes when <paramref name="body"/> nominates it (before it exists: the form's preview).</summary>
    public DossierRoute? RouteOf(Plan plan, DossierStage stage, string awardFormId, NominatingBody body)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(stage);
        ArgumentNullException.ThrowIfNull(body);
        if (DecidedByUnitHead(plan, awardFormId) || _plans.GetValueOrDefault(plan.Id)?.Routes is not { } routes) return null;
        var rule = routes.FirstOrDefault(r =>
            r.Stage == stage.Kind && (r.Year is null || r.Year == stage.Year)
            && r.AwardForms.Contains(awardFormId, StringComparer.Ordinal)
            && (r.FromRoles is null || r.FromRoles.Any(body.Plays))
            && (r.FromRolesExcept is null || !r.FromRolesExcept.Any(body.Plays)));
        if (rule is null) return null;
        var optional = rule.OptionalComponents ?? [];
        var components = rule.Components.Select(c => new ComponentRule(c.Id, c.Text, c.Template, !optional.Contains(c.Id, StringComparer.Ordinal))
        {
            Clause = c.Clause, Basis = c.Basis,
        }).ToList();
        var own = rule.FromRoles is { } from && from.Contains(rule.To.Role, StringComparer.Ordinal);
        return new DossierRoute(rule.Id, rule.Clause, rule.Text, rule.To, rule.DeadlineId, rule.OnList, own, components, rule.ComponentsBasis);
    }

    /// <summary>The lists (danh sách trình) of <paramref name="plan"/> (Bắc Giang IV.3.b), with their deadlines and components.</summary>
    public IReadOnlyList<NomineeListRule> ListsOf(Plan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (_plans.GetValueOrDefault(plan.Id)?.Lists is not { } lists) return [];
        return [.. lists.Select(l =>
        {
            var stage = new DossierStage(l.Stage, l.Year);
            var components = l.Components.Select(id => plan.Dossier.Components.FirstOrDefault(c => string.Equals(c.Id, id, StringComparison.Ordinal))
                    ?? throw new InvalidDataException($"List {l.Id} of {plan.Id} names component '{id}', which the plan's dossier ({plan.Dossier.Clause}) does not have."))
                .Select(c => new ComponentRule(c.Id, c.Text, c.Template, true) { Clause = plan.Dossier.Clause }).ToList();
            var deadline = DeadlineById(plan, l.DeadlineId, stage)
                           ?? throw new InvalidDataException($"List {l.Id} of {plan.Id} names deadline '{l.DeadlineId}' without a date.");
            return new NomineeListRule(l.Id, l.Clause, l.Text, stage, l.AwardForms, l.ByRole, l.Within, l.To, deadline, components);
        })];
    }

    /// <summary>
    /// What in the rules does not fit the catalogue: a route or list naming a plan, award form, deadline or component the
    /// plan does not have, or a list no route ends on. Empty when every rule resolves (a test keeps it so).
    /// </summary>
    public IReadOnlyList<string> Check(PlanCatalogue catalogue)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        var problems = new List<string>();
        foreach (var rules in _plans.Values)
        {
            if (!PlanId.TryParse(rules.PlanId, out var id) || !catalogue.TryGet(id, out var plan))
            {
                problems.Add($"Rules for unknown plan '{rules.PlanId}'.");
                continue;
            }
            var deadlines = plan.Deadlines.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
            var forms = plan.AwardForms.Select(f => f.Id).ToHashSet(StringComparer.Ordinal);
            var lists = (rules.Lists ?? []).Select(l => l.Id).ToHashSet(StringComparer.Ordinal);
            foreach (var r in rules.Routes ?? [])
            {
                if (!deadlines.Contains(r.DeadlineId)) problems.Add($"{plan.Id} route {r.Id}: no deadline '{r.DeadlineId}'.");
                if (!lists.Contains(r.OnList)) problems.Add($"{plan.Id} route {r.Id}: no list '{r.OnList}'.");
                problems.AddRange(r.AwardForms.Where(f => !forms.Contains(f)).Select(f => $"{plan.Id} route {r.Id}: no award form '{f}'."));
                if (r.FromRoles is null == r.FromRolesExcept is null) problems.Add($"{plan.Id} route {r.Id}: give exactly one of fromRoles, fromRolesExcept.");
            }
            foreach (var l in rules.Lists ?? [])
            {
                if (!deadlines.Contains(l.DeadlineId)) problems.Add($"{plan.Id} list {l.Id}: no deadline '{l.DeadlineId}'.");
                problems.AddRange(l.Components.Where(c => plan.Dossier.Components.All(pc => pc.Id != c)).Select(c => $"{plan.Id} list {l.Id}: no component '{c}' in the plan's dossier."));
                problems.AddRange(l.AwardForms.Where(f => !forms.Contains(f)).Select(f => $"{plan.Id} list {l.Id}: no award form '{f}'."));
                if ((rules.Routes ?? []).All(r => r.OnList != l.Id)) problems.Add($"{plan.Id} list {l.Id}: no route ends on it.");
            }
        }
        return problems;
    }

    /// <summary>The list of <paramref name="plan"/> for <paramref name="stage"/> and <paramref name="awardFormId"/>, or null when it has none.</summary>
    public NomineeListRule? ListFor(Plan plan, DossierStage stage, string awardFormId) =>
        ListsOf(plan).FirstOrDefault(l => l.Stage == stage && l.AwardForms.Contains(awardFormId, StringComparer.Ordinal));

    /// <summary>
    /// True when the plan's award form is decided by the head of the nominating agency or locality (<c>level: agency-head</c>):
    /// no provincial quota, deadline or list applies to it (Bắc Giang IV.2.b: "Thủ trưởng các cơ quan, địa phương quyết định số lượng").
    /// </summary>
    public static bool DecidedByUnitHead(Plan plan, string awardFormId)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return plan.AwardForms.Any(f => string.Equals(f.Id, awardFormId, StringComparison.Ordinal) && f.Level == AwardLevel.AgencyHead);
    }

    /// <summary>
    /// The deadline for forwarding (trình) a dossier of <paramref name="stage"/> to the next level by the plan's
    /// <c>forwardDeadlines</c>, or null (a plan with a list states it there: <see cref="ListFor"/>).
    /// </summary>
    public DossierDeadline? ForwardDeadline(Plan plan, DossierStage stage) =>
        FindDeadline(plan, stage, null, r => r.ForwardDeadlines ?? []);

    /// <summary>
    /// The quota of the people's committee of <paramref name="nominatingUnitCode"/> (see
    /// <see cref="QuotaFor(Plan, string, SubjectKind, NominatingBody, string?, Func{string, string, bool})"/>).
    /// </summary>
    public QuotaLimit? QuotaFor(Plan plan, string awardFormId, SubjectKind kind, string nominatingUnitCode, Func<string, string, bool> isWithin) =>
        QuotaFor(plan, awardFormId, kind, NominatingBody.PeoplesCommittee(nominatingUnitCode), null, isWithin);

    /// <summary>
    /// The quota that applies to this nomination: the count <paramref name="body"/> may propose of the nominee's kind
    /// (and, where the plan splits it, of the nominee's <paramref name="level"/>) for the award form, or null when the
    /// plan sets no quota for it. An allocation naming body roles (<see cref="QuotaAllocation.NominatorRoles"/>) goes to
    /// a body playing one of them within <see cref="QuotaAllocation.Within"/>; an older one by its nominator text.
    /// <paramref name="isWithin"/> answers "is unit A within unit B" (the unit registry).
    /// </summary>
    public QuotaLimit? QuotaFor(Plan plan, string awardFormId, SubjectKind kind, NominatingBody body, string? level, Func<string, string, bool> isWithin)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(isWithin);
        var allocations = plan.Quotas.Where(q => string.Equals(q.AwardForm, awardFormId, StringComparison.Ordinal)).ToList();
        if (allocations.Count == 0 || DecidedByUnitHead(plan, awardFormId)) return null;
        var awardName = plan.AwardForms.FirstOrDefault(a => string.Equals(a.Id, awardFormId, StringComparison.Ordinal))?.Name;
        var matchers = _plans.GetValueOrDefault(plan.Id)?.QuotaNominators ?? [];
        bool MatchesText(string nominatorText) => matchers.Any(m => string.Equals(m.Nominator, nominatorText, StringComparison.Ordinal) && m.Matches(body.UnitCode, isWithin));
        bool Matches(QuotaAllocation a) => a.NominatorRoles is { } roles
            ? roles.Any(body.Plays) && (a.Within is null || isWithin(body.UnitCode, a.Within))
            : body.IsImplicit && MatchesText(a.Nominator);

        foreach (var allocation in allocations.Where(Matches))
        {
            var item = allocation.Items.FirstOrDefault(i => i.SubjectKind == kind);
            if (item is null)
                return new QuotaLimit(0, allocation.Clause, allocation.Nominator, $"Kế hoạch không giao chỉ tiêu loại đối tượng này cho {allocation.Nominator}.", awardName);
            var count = item.Count;
            foreach (var exception in item.Exceptions ?? [])
            {
                var applies = exception.UnitCodes is { } codes ? codes.Contains(body.UnitCode, StringComparer.Ordinal) : MatchesText(exception.Nominator);
                if (applies) count = exception.Count;
            }
            if (count is null) return null;
            if (item.Levels is not { Count: > 0 } levels) return new QuotaLimit(count.Value, allocation.Clause, allocation.Nominator, item.Text, awardName);
            var part = level is null ? null : levels.FirstOrDefault(l => string.Equals(l.Level, level, StringComparison.Ordinal));
            // Without a (known) level the whole count is shown, and a submission is refused until the level is given.
            return part is null
                ? new QuotaLimit(count.Value, allocation.Clause, allocation.Nominator, item.Text, awardName) { SplitByLevel = [.. levels.Select(l => l.Level)] }
                : new QuotaLimit(part.Count, allocation.Clause, allocation.Nominator, item.Text, awardName) { Level = part.Level, SplitByLevel = [.. levels.Select(l => l.Level)] };
        }
        // The plan allocates this award form to named nominators only, and this body is none of them.
        return new QuotaLimit(0, allocations[0].Clause, "—", "Kế hoạch không giao chỉ tiêu hình thức khen thưởng này cho cơ quan, đơn vị đề nghị.", awardName);
    }

    /// <summary>The nominating level of a unit code: province (2 digits), district (3), commune (5).</summary>
    public static string LevelOf(string unitCode) => unitCode?.Length switch
    {
        2 => "province",
        3 => "district",
        5 => "commune",
        _ => "other",
    };

    private DossierDeadline? FindDeadline(Plan plan, DossierStage stage, string? unitCode, Func<PlanRules, IReadOnlyList<DeadlineRule>> pick)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(stage);
        if (!_plans.TryGetValue(plan.Id, out var rules)) return null;
        var level = unitCode is null ? null : LevelOf(unitCode);
        var rule = pick(rules).FirstOrDefault(r =>
            r.Stage == stage.Kind
            && (r.Year is null || r.Year == stage.Year)
            && (level is null || r.NominatingLevels is null || r.NominatingLevels.Contains(level, StringComparer.Ordinal)));
        return rule is null ? null : DeadlineById(plan, rule.DeadlineId, stage);
    }

    private static DossierDeadline? DeadlineById(Plan plan, string deadlineId, DossierStage stage)
    {
        var deadline = plan.Deadlines.FirstOrDefault(d => string.Equals(d.Id, deadlineId, StringComparison.Ordinal))
                       ?? throw new InvalidDataException($"Dossier rules of {plan.Id} name deadline '{deadlineId}', which the plan does not have.");
        DateOnly date;
        if (deadline.Date is { } fixedDate)
            date = DateOnly.ParseExact(fixedDate, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        else if (deadline.Annual is { } annual)
            date = DateOnly.ParseExact(string.Create(CultureInfo.InvariantCulture, $"{stage.Year:D4}-{annual}"), "yyyy-MM-dd", CultureInfo.InvariantCulture);
        else
            return null;
        return new DossierDeadline(deadline.Id, deadline.Clause, deadline.Text, date, VietnamTime.EndOfDay(date));
    }

    private sealed record RuleFile(int SchemaVersion, DefaultComponentList DefaultComponents, IReadOnlyList<PlanRules> Plans);

    private sealed record DefaultComponentList(string? Basis, IReadOnlyList<DossierComponent> Components, IReadOnlyList<string> Optional);

    private sealed record PlanRules(
        string PlanId,
        IReadOnlyList<DeadlineRule> SubmissionDeadlines,
        IReadOnlyList<DeadlineRule>? ForwardDeadlines,
        IReadOnlyList<NominatorRule>? QuotaNominators,
        IReadOnlyList<string>? OptionalComponents,
        IReadOnlyList<RouteRule>? Routes = null,
        IReadOnlyList<ListRule>? Lists = null);

    private sealed record RouteRule(
        string Id, string Clause, string Text,
        [property: JsonConverter(typeof(JsonStringEnumConverter<StageKind>))] StageKind Stage,
        int? Year,
        IReadOnlyList<string> AwardForms,
        IReadOnlyList<string>? FromRoles,
        IReadOnlyList<string>? FromRolesExcept,
        RouteTarget To,
        string DeadlineId,
        string OnList,
        string ComponentsBasis,
        IReadOnlyList<RouteComponent> Components,
        IReadOnlyList<string>? OptionalComponents);

    private sealed record RouteComponent(string Id, string Text, string? Template, string Clause, string Basis);

    private sealed record ListRule(
        string Id, string Clause, string Text,
        [property: JsonConverter(typeof(JsonStringEnumConverter<StageKind>))] StageKind Stage,
        int Year,
        IReadOnlyList<string> AwardForms,
        string ByRole,
        string Within,
        string To,
        string DeadlineId,
        IReadOnlyList<string> Components);

    private sealed record DeadlineRule(
        [property: JsonConverter(typeof(JsonStringEnumConverter<StageKind>))] StageKind Stage,
        int? Year,
        IReadOnlyList<string>? NominatingLevels,
        string DeadlineId);

    private sealed record NominatorRule(string Nominator, string? Level, string? Within, IReadOnlyList<string>? UnitCodes)
    {
        public bool Matches(string unitCode, Func<string, string, bool> isWithin)
        {
            if (UnitCodes is { Count: > 0 } codes) return codes.Contains(unitCode, StringComparer.Ordinal);
            if (Level is not null && !string.Equals(LevelOf(unitCode), Level, StringComparison.Ordinal)) return false;
            return Within is null || isWithin(unitCode, Within);
        }
    }
}

/// <summary>A component of a dossier and whether it is required.</summary>
/// <param name="Id">Component id.</param>
/// <param name="Text">Text of the plan (or of the legal default list).</param>
/// <param name="Template">Template id, if any.</param>
/// <param name="Required">True when a submission needs at least one accepted file for it.</param>
public sealed record ComponentRule(string Id, string Text, string? Template, bool Required)
{
    /// <summary>The plan's clause the component comes from, where the rules name one.</summary>
    public string? Clause { get; init; }

    /// <summary>Why it is asked for: the plan's clause, or the law's default where the plan is silent.</summary>
    public string? Basis { get; init; }
}

/// <summary>A deadline that applies to a dossier.</summary>
/// <param name="Id">Deadline id in the plan.</param>
/// <param name="Clause">Clause of the plan.</param>
/// <param name="Text">Text of the plan.</param>
/// <param name="Date">The last day (Asia/Ho_Chi_Minh), inclusive.</param>
/// <param name="EndsAt">The end of that day in Asia/Ho_Chi_Minh, as an instant.</param>
public sealed record DossierDeadline(string Id, string Clause, string Text, DateOnly Date, DateTimeOffset EndsAt);

/// <summary>How many nominees of a kind a unit may propose for an award form.</summary>
/// <param name="Count">The maximum.</param>
/// <param name="Clause">Clause of the plan.</param>
/// <param name="Nominator">The plan's words for the nominator.</param>
/// <param name="Text">Text of the plan.</param>
/// <param name="AwardFormName">The award form's name, for messages (never its id).</param>
public sealed record QuotaLimit(int Count, string Clause, string Nominator, string Text, string? AwardFormName = null)
{
    /// <summary>The level this count is for, when the plan splits the item by level (and the nominee's level is known).</summary>
    public string? Level { get; init; }

    /// <summary>The levels the plan splits this item by; null when it does not (a nominee's level then does not apply).</summary>
    public IReadOnlyList<string>? SplitByLevel { get; init; }
}

/// <summary>Asia/Ho_Chi_Minh (UTC+7, no daylight saving since 1975): dates of deadlines and reminders.</summary>
public static class VietnamTime
{
    /// <summary>The offset of Vietnam's time.</summary>
    public static readonly TimeSpan Offset = TimeSpan.FromHours(7);

    /// <summary>The calendar date in Vietnam at <paramref name="instant"/>.</summary>
    public static DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToOffset(Offset).DateTime);

    /// <summary>The last instant of <paramref name="date"/> in Vietnam (23:59:59.9999999 +07:00).</summary>
    public static DateTimeOffset EndOfDay(DateOnly date) =>
        new DateTimeOffset(date.ToDateTime(TimeOnly.MaxValue), Offset);

    /// <summary>dd/MM/yyyy, as deadlines are written in Vietnamese documents.</summary>
    public static string Format(DateOnly date) => date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
}
