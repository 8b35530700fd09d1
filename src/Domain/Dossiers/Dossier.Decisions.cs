using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using NoOneLeftBehind.Domain.Criteria;
using NoOneLeftBehind.Domain.Plans;

namespace NoOneLeftBehind.Domain.Dossiers;

// The workflow's decisions. Each takes the dossier as read and what the rules need (the plan's components, deadline
// and quota, the slots held, the limits, "now"), and returns the next dossier or the problems; none reads or writes
// anything, so every rule is testable without storage. The writer (Functions/Dossiers/DossierWriter) applies them.
public sealed partial record Dossier
{
    private static readonly JsonSerializerOptions ChangeJson = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>True while the nominating unit can change data and files.</summary>
    [JsonIgnore]
    public bool IsEditable => DossierWorkflow.IsEditable(Status);

    /// <summary>
    /// Checks the data against the plan (<see cref="DossierChecks.ValidateData"/>), the summary's length, and — when those
    /// pass — the figures and facts as the criteria engine takes them. Every problem is reported.
    /// </summary>
    public IReadOnlyList<DossierProblem> CheckData(Plan plan, CriteriaEngine engine)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(engine);
        var problems = new List<DossierProblem>(DossierChecks.ValidateData(plan, Stage, Nominee, AwardFormId, NominationYear));
        if (AchievementsSummary is { Length: > 4000 })
            problems.Add(new("too-long", DossierFields.AchievementsSummary, "Tóm tắt thành tích tối đa 4000 ký tự.", "The achievements summary holds at most 4000 characters."));
        if (problems.Count == 0)
        {
            foreach (var e in engine.Validate(ToEvaluationRequest()))
                problems.Add(new("invalid-figures", e.Field == "subject.kind" ? "nominee.kind" : e.Field, e.MessageVi, e.MessageEn));
        }
        return problems;
    }

    /// <summary>
    /// Changes the data. Only while editable; after a return, only the fields the return names (<c>not-requested</c>);
    /// the result must pass <see cref="CheckData"/>.
    /// </summary>
    public DossierDecision Edit(DossierEdit edit, Plan plan, CriteriaEngine engine, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(edit);
        if (!IsEditable) return DossierDecision.NotAllowed(DossierAction.Edit);
        var updated = this with
        {
            Nominee = edit.Nominee ?? Nominee,
            AwardFormId = edit.AwardFormId ?? AwardFormId,
            NominationYear = edit.NominationYear ?? NominationYear,
            Statistics = edit.Statistics ?? Statistics,
            Facts = edit.Facts ?? Facts,
            AchievementsSummary = edit.AchievementsSummary ?? AchievementsSummary,
            UpdatedAt = now,
        };
        var changes = ChangesTo(updated);
        if (Status == DossierStatus.Returned)
        {
            var allowed = Supplement.Where(s => s.Field is not null).Select(s => s.Field!).ToHashSet(StringComparer.Ordinal);
            var refused = changes.Where(c => !allowed.Contains(c.Field)).Select(c => new DossierProblem("not-requested", c.Field,
                $"Hồ sơ bị trả lại chỉ để bổ sung: {Requested().Vi}; không được sửa {DossierFields.Words(c.Field).Vi}.",
                $"The dossier was returned for supplement of: {Requested().En}; the {DossierFields.Words(c.Field).En} may not be changed.")).ToList();
            if (refused.Count > 0) return DossierDecision.Refuse(DossierAction.Edit, DossierRefusal.Invalid, refused);
        }
        var problems = updated.CheckData(plan, engine);
        return problems.Count > 0
            ? DossierDecision.Refuse(DossierAction.Edit, DossierRefusal.Invalid, problems)
            : DossierDecision.Change(DossierAction.Edit, updated, changes);
    }

    /// <summary>
    /// Submits (or resubmits after a return) as a new revision. Refused (all problems at once) when a required
    /// component has no accepted file or a file is unconfirmed; when the plan's <paramref name="deadline"/> has
    /// passed — it binds the first submission (revision 0) only, a supplement after a return is awaited by the
    /// reviewer; when the unit's <paramref name="quota"/> is used up by other dossiers (<paramref name="holders"/>).
    /// A dossier not yet holding a slot takes one. With the <paramref name="plan"/>, also refused when the plan does not
    /// grant the award form at the dossier's stage (<see cref="DossierChecks.AwardStage"/>: a draft made before the plan
    /// said so), and when the same nominee is proposed in the same stage for an award form that excludes this one among
    /// <paramref name="sameStage"/> (<see cref="DossierChecks.Exclusion"/>).
    /// </summary>
    public DossierDecision Submit(IReadOnlyList<ComponentRule> components, DossierDeadline? deadline, QuotaLimit? quota, IReadOnlyList<string> holders,
        DateTimeOffset now, Plan? plan = null, IReadOnlyList<Dossier>? sameStage = null)
    {
        ArgumentNullException.ThrowIfNull(holders);
        if (DossierWorkflow.Next(Status, DossierAction.Submit) is not { } next) return DossierDecision.NotAllowed(DossierAction.Submit);
        var problems = new List<DossierProblem>(DossierChecks.Completeness(this, components));
        if (plan is not null)
        {
            if (DossierChecks.AwardStage(plan, AwardFormId, Stage) is { } notAtStage) problems.Add(notAtStage);
            if (DossierChecks.Exclusion(plan, this, sameStage ?? []) is { } excluded) problems.Add(excluded);
        }
        if (Revision == 0 && DossierChecks.Deadline(deadline, now) is { } late) problems.Add(late);
        QuotaChange? slot = null;
        if (quota is not null)
        {
            if (DossierChecks.Quota(quota, [.. holders], Id.Value, Nominee.Kind, AwardFormId, Nominee.Level) is { } over) problems.Add(over);
            else if (!holders.Contains(Id.Value)) slot = new QuotaChange([.. holders, Id.Value]);
        }
        if (problems.Count > 0) return DossierDecision.Refuse(DossierAction.Submit, DossierRefusal.Refused, problems);
        // Refused files are not part of what is submitted (issue 17, item 8): their entries (and reasons) leave the
        // dossier with this submission; the audit entry records them as removed.
        var submitted = this with
        {
            Files = [.. Files.Where(f => f.State != FileState.Rejected)],
            Status = next, Revision = Revision + 1, SubmittedAt = now, UpdatedAt = now, Evaluation = null, Reviewer = null,
        };
        return DossierDecision.Change(DossierAction.Submit, submitted, [.. ChangesTo(submitted).Where(c => c.Field == "files")], slot);
    }

    /// <summary>
    /// A reviewer's action. Under review, only the reviewer who took it acts. A return names at least one item, each
    /// exactly one known component or field, with a reason (<c>invalid-item</c>, <c>unknown-component</c>,
    /// <c>unknown-field</c>, <c>required</c>); a rejection or a decision needs a <paramref name="note"/>. A rejection
    /// frees the quota slot the dossier holds among <paramref name="holders"/>.
    /// </summary>
    public DossierDecision Review(DossierAction action, string reviewer, string? note, IReadOnlyList<ReturnItem>? items, IReadOnlyList<ComponentRule> components,
        IReadOnlyList<string>? holders, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(components);
        if (DossierWorkflow.Next(Status, action) is not { } next) return DossierDecision.NotAllowed(action);
        if (Status == DossierStatus.UnderReview && Reviewer is { } owner && owner != reviewer)
            return DossierDecision.Refuse(action, DossierRefusal.HeldByAnother, []);
        var problems = new List<DossierProblem>();
        var supplement = Supplement;
        if (action == DossierAction.Return)
        {
            var list = items ?? [];
            problems.AddRange(CheckReturnItems(list, components));
            supplement = [.. list.Select(i => new SupplementItem(i.ComponentId, i.Field, i.Reason?.Trim() ?? ""))];
        }
        if (action is DossierAction.Reject or DossierAction.Decide && string.IsNullOrWhiteSpace(note))
        {
            problems.Add(new("required", "note", action == DossierAction.Reject ? "Lý do không đạt là bắt buộc." : "Số, ngày quyết định khen thưởng là bắt buộc.",
                action == DossierAction.Reject ? "The reason for rejecting is required." : "The decision's number and date are required."));
        }
        if (problems.Count > 0) return DossierDecision.Refuse(action, DossierRefusal.Invalid, problems);
        var updated = this with
        {
            Status = next,
            Supplement = supplement,
            Reviewer = next == DossierStatus.UnderReview ? reviewer : Reviewer,
            DecisionNote = note ?? DecisionNote,
            UpdatedAt = now,
        };
        var slot = action == DossierAction.Reject && holders is not null && holders.Contains(Id.Value)
            ? new QuotaChange([.. holders.Where(h => h != Id.Value)])
            : null;
        return DossierDecision.Change(action, updated, ChangesTo(updated), slot, note);
    }

    /// <summary>
    /// Records the outcome of the evaluation of <paramref name="revision"/> (<see cref="DossierAction.Evaluate"/> or
    /// <see cref="DossierAction.FailEvaluation"/>); unchanged when the dossier is at another revision or has moved on.
    /// </summary>
    public DossierDecision RecordEvaluation(int revision, DossierAction action, EvaluationSummary summary, string note, DateTimeOffset now)
    {
        if (Revision != revision || DossierWorkflow.Next(Status, action) is not { } next) return DossierDecision.Unchanged(action, this);
        return DossierDecision.Change(action, this with { Evaluation = summary, Status = next, UpdatedAt = now }, [], note: note);
    }

    /// <summary>The field-level changes from this dossier to <paramref name="after"/>, as the audit trail records them.</summary>
    public IReadOnlyList<FieldChange> ChangesTo(Dossier after)
    {
        ArgumentNullException.ThrowIfNull(after);
        var list = new List<FieldChange>();
        void Compare<T>(string field, T a, T b)
        {
            var x = JsonSerializer.Serialize(a, ChangeJson);
            var y = JsonSerializer.Serialize(b, ChangeJson);
            if (x != y) list.Add(new FieldChange(field, Short(x), Short(y)));
        }
        Compare(DossierFields.Nominee, Nominee, after.Nominee);
        Compare(DossierFields.AwardForm, AwardFormId, after.AwardFormId);
        Compare(DossierFields.NominationYear, NominationYear, after.NominationYear);
        Compare(DossierFields.Statistics, Statistics, after.Statistics);
        Compare(DossierFields.Facts, Facts, after.Facts);
        Compare(DossierFields.AchievementsSummary, AchievementsSummary, after.AchievementsSummary);
        Compare("files", Files.Select(f => new { f.Id, f.ComponentId, f.OriginalName, f.State, f.Sha256 }), after.Files.Select(f => new { f.Id, f.ComponentId, f.OriginalName, f.State, f.Sha256 }));
        Compare("supplement", Supplement, after.Supplement);
        Compare("reviewer", Reviewer, after.Reviewer);
        Compare("decisionNote", DecisionNote, after.DecisionNote);
        return list;
    }

    private static List<DossierProblem> CheckReturnItems(IReadOnlyList<ReturnItem> items, IReadOnlyList<ComponentRule> components)
    {
        var problems = new List<DossierProblem>();
        var known = components.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        if (items.Count == 0)
            problems.Add(new("required", "items", "Trả lại để bổ sung phải nêu ít nhất một thành phần hoặc trường cần sửa, kèm lý do.", "A return for supplement must name at least one component or field to fix, with a reason."));
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if ((item.ComponentId is null) == (item.Field is null))
                problems.Add(new("invalid-item", $"items[{i}]", "Mỗi mục nêu đúng một thành phần (componentId) hoặc một trường (field).", "Each item names exactly one component (componentId) or one field (field)."));
            else if (item.ComponentId is not null && !known.Contains(item.ComponentId))
                problems.Add(new("unknown-component", $"items[{i}].componentId", $"Thành phần '{item.ComponentId}' không có. Các thành phần: {string.Join(", ", known)}.", $"Unknown component '{item.ComponentId}'. Components: {string.Join(", ", known)}."));
            else if (item.Field is not null && !DossierFields.All.Contains(item.Field))
                problems.Add(new("unknown-field", $"items[{i}].field", $"Trường '{item.Field}' không có. Các trường: {string.Join(", ", DossierFields.All)}.", $"Unknown field '{item.Field}'. Fields: {string.Join(", ", DossierFields.All)}."));
            if (string.IsNullOrWhiteSpace(item.Reason))
                problems.Add(new("required", $"items[{i}].reason", "Lý do là bắt buộc.", "The reason is required."));
        }
        return problems;
    }

    private DossierDecision Changed(DossierAction action, Dossier next, string? note = null) => DossierDecision.Change(action, next, ChangesTo(next), note: note);

    /// <summary>
    /// What a return asked for, in words (issue 17: messages never show internal ids): the fields by name, the components
    /// by their text when <paramref name="components"/> are known, else counted.
    /// </summary>
    private (string Vi, string En) Requested(IReadOnlyList<ComponentRule>? components = null)
    {
        var vi = new List<string>();
        var en = new List<string>();
        foreach (var field in Supplement.Where(s => s.Field is not null).Select(s => s.Field!).Distinct(StringComparer.Ordinal))
        {
            var (fieldVi, fieldEn) = DossierFields.Words(field);
            vi.Add(fieldVi);
            en.Add(fieldEn);
        }
        var named = Supplement.Where(s => s.ComponentId is not null).Select(s => s.ComponentId!).Distinct(StringComparer.Ordinal).ToList();
        var texts = named.Select(id => components?.FirstOrDefault(c => c.Id == id)?.Text).ToList();
        if (texts.All(t => t is not null))
        {
            foreach (var text in texts) { vi.Add($"“{text!.TrimEnd('.')}”"); en.Add($"“{text!.TrimEnd('.')}”"); }
        }
        else
        {
            var n = named.Count.ToString(CultureInfo.InvariantCulture);
            vi.Add($"{n} thành phần hồ sơ được nêu");
            en.Add($"the {n} dossier component(s) named");
        }
        return (string.Join("; ", vi), string.Join("; ", en));
    }

    private static string Short(string s) => s.Length <= 2000 ? s : s[..2000] + "…";
}
