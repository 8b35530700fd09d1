using System.Text.Json;
using NoOneLeftBehind.Domain.Statistics;

namespace NoOneLeftBehind.Domain.Plans;

/// <summary>Reads a plan file and checks it, collecting every problem with its JSON path.</summary>
internal static class PlanValidator
{
    public const int CurrentSchemaVersion = 1;

    // Clause references and ids are matched by hand rather than with Regex: the patterns are tiny, and the first
    // use of Regex in a process costs milliseconds of start-up (issue #3).

    /// <summary>Matches <c>^[IVX]+(\.([0-9]+|[a-zđ]))*$</c>, e.g. <c>III.1.b</c>.</summary>
    internal static bool IsClause(string value)
    {
        var end = PatternEnd(value);
        var i = 0;
        while (i < end && value[i] is 'I' or 'V' or 'X') i++;
        if (i == 0) return false;
        while (i < end)
        {
            if (value[i] != '.') return false;
            i++;
            if (i < end && char.IsAsciiDigit(value[i]))
            {
                while (i < end && char.IsAsciiDigit(value[i])) i++;
            }
            else if (i < end && (char.IsAsciiLetterLower(value[i]) || value[i] == 'đ'))
            {
                i++;
            }
            else
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Matches <c>^[a-z0-9]+([.-][a-z0-9]+)*$</c>, e.g. <c>district.rate-fall</c>.</summary>
    internal static bool IsId(string value)
    {
        var end = PatternEnd(value);
        var i = 0;
        while (true)
        {
            var start = i;
            while (i < end && (char.IsAsciiLetterLower(value[i]) || char.IsAsciiDigit(value[i]))) i++;
            if (i == start) return false;
            if (i == end) return true;
            if (value[i] is not ('.' or '-')) return false;
            i++;
        }
    }

    // Where '$' may match: the end, or just before a final '\n' (as Regex has it without Multiline).
    private static int PatternEnd(string value) => value.Length > 0 && value[^1] == '\n' ? value.Length - 1 : value.Length;

    /// <summary>
    /// The same answer as <c>DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)</c>
    /// (four, two and two ASCII digits, a real day), without the date parser's first-use cost.
    /// </summary>
    internal static bool IsIsoDate(string value)
    {
        if (value.Length != 10 || value[4] != '-' || value[7] != '-') return false;
        if (!TryDigits(value, 0, 4, out var year) || !TryDigits(value, 5, 2, out var month) || !TryDigits(value, 8, 2, out var day))
            return false;
        return year >= 1 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month);
    }

    private static bool TryDigits(string value, int start, int count, out int number)
    {
        number = 0;
        for (var i = start; i < start + count; i++)
        {
            if (!char.IsAsciiDigit(value[i])) return false;
            number = (number * 10) + (value[i] - '0');
        }
        return true;
    }

    /// <summary>Reads <paramref name="utf8"/> (the content of <paramref name="file"/>) and checks it; null, with the problems in <paramref name="errors"/>, when it is not a valid plan.</summary>
    public static Plan? Parse(PlanFile file, ReadOnlySpan<byte> utf8, List<PlanLoadError> errors)
    {
        Plan? plan;
        try
        {
            plan = JsonSerializer.Deserialize(utf8, PlanJson.Default.Plan);
        }
        catch (JsonException ex)
        {
            var (path, problem) = PlanJson.Describe(ex);
            errors.Add(new PlanLoadError(file.Name, null, path, problem));
            return null;
        }
        catch (NotSupportedException ex)
        {
            var (path, problem) = PlanJson.Describe(ex);
            errors.Add(new PlanLoadError(file.Name, null, path, problem));
            return null;
        }
        if (plan is null)
        {
            errors.Add(new PlanLoadError(file.Name, null, "$", "the file holds no plan"));
            return null;
        }

        var before = errors.Count;
        new Checker(file.Name, plan, errors).Check();
        return errors.Count == before ? plan : null;
    }

    private sealed class Checker(string file, Plan plan, List<PlanLoadError> errors) : IRuleChecks
    {
        public Plan Plan => plan;

        public void Error(string path, string problem) => errors.Add(new PlanLoadError(file, plan.Id, path, problem));

        public void Child(string path, RuleDefinition rule) => CheckRule(path, rule, Depth(path));

        private void Text(string path, string? value)
        {
            if (string.IsNullOrWhiteSpace(value))
                Error(path, "must not be empty");
        }

        private void Clause(string path, string? value)
        {
            if (value is null || !IsClause(value))
                Error(path, $"'{value}' is not a clause reference like III.1.b");
        }

        private void Id(string path, string? value)
        {
            if (value is null || !IsId(value))
                Error(path, $"'{value}' is not an id (lower-case letters, digits, '.' and '-')");
        }

        private void Unique<T>(string path, IReadOnlyList<T> items, Func<T, string> key, string what)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < items.Count; i++)
            {
                if (!seen.Add(key(items[i])))
                    Error($"{path}[{i}].id", $"duplicate {what} id '{key(items[i])}'");
            }
        }

        public void Check()
        {
            if (plan.SchemaVersion != CurrentSchemaVersion)
                Error("$.schemaVersion", $"unsupported schema version {plan.SchemaVersion}; expected {CurrentSchemaVersion}");
            if (!PlanId.IsWellFormed(plan.Id))
                Error("$.id", $"'{plan.Id}' is not a plan id (lower-case letters, digits and hyphens)");
            var expectedFile = plan.Id + ".json";
            if (!string.Equals(Path.GetFileName(file), expectedFile, StringComparison.Ordinal))
                Error("$.id", $"the file must be named {expectedFile}");
            Text("$.version", plan.Version);
            Text("$.title", plan.Title);
            Text("$.issuer", plan.Issuer);
            for (var i = 0; i < (plan.Governs?.Count ?? 0); i++)
            {
                var code = plan.Governs![i];
                if (!Identity.ScopeUnitCodes.IsValid(code) || code == Identity.ScopeUnitCodes.National)
                    Error($"$.governs[{i}]", "a 2-, 3- or 5-digit unit code");
            }
            Text("$.source", plan.Source);
            CheckDocument(plan.Document);

            var period = plan.Period;
            if (period.From < 1990 || period.To > 2100 || period.From > period.To)
                Error("$.period", $"{period.From}–{period.To} is not a period");
            if (plan.BaselineYear > period.From || plan.BaselineYear < period.From - 1)
                Error("$.baselineYear", $"{plan.BaselineYear} must be the first year of the period or the year before it");
            if (period.To - plan.BaselineYear >= 32)
                Error("$.period", "a period longer than 31 years is not supported");

            for (var i = 0; i < plan.Stages.Count; i++)
            {
                var stage = plan.Stages[i];
                var path = $"$.stages[{i}]";
                if (!PlanEnumValues.IsDefined(stage.Kind))
                    Error(path + ".kind", "unknown stage kind");
                if (stage.Year is { } year && (year < period.From || year > period.To + 1))
                    Error(path + ".year", $"{year} is outside the period");
                Clause(path + ".clause", stage.Clause);
                Text(path + ".text", stage.Text);
            }

            CheckSubjects(plan);
            CheckAwardForms(plan);
            CheckDeadlines(plan);
            CheckQuotas(plan);
            CheckDossier(plan);
            CheckTargets(plan);
        }

        private void CheckDocument(PlanDocument document)
        {
            if (document.Date is not null && !IsIsoDate(document.Date))
                Error("$.document.date", $"'{document.Date}' is not a date yyyy-MM-dd");
            if (document.Number is null && document.Date is null && string.IsNullOrWhiteSpace(document.DateNote))
                Error("$.document.dateNote", "say why the document has neither number nor date");
            if (document.Basis.Count == 0)
                Error("$.document.basis", "name at least one document the plan implements");
        }

        private void CheckSubjects(Plan plan)
        {
            if (plan.Subjects.Count == 0)
                Error("$.subjects", "a plan defines criteria for at least one subject kind");
            var kinds = 0; // one bit per subject kind seen
            for (var s = 0; s < plan.Subjects.Count; s++)
            {
                var subject = plan.Subjects[s];
                var path = $"$.subjects[{s}]";
                if (subject.Kinds.Count == 0)
                    Error(path + ".kinds", "name at least one subject kind");
                for (var k = 0; k < subject.Kinds.Count; k++)
                {
                    var kindBit = 1 << (int)subject.Kinds[k];
                    if (!PlanEnumValues.IsDefined(subject.Kinds[k]))
                        Error($"{path}.kinds[{k}]", "unknown subject kind");
                    else if ((kinds & kindBit) != 0)
                        Error($"{path}.kinds[{k}]", $"subject kind '{SubjectKinds.ToContract(subject.Kinds[k])}' is defined twice");
                    kinds |= kindBit;
                }
                Clause(path + ".clause", subject.Clause);
                Text(path + ".title", subject.Title);
                if (!PlanEnumValues.IsDefined(subject.Combine))
                    Error(path + ".combine", "must be all-of or any-of");

                var categoryIds = new List<string>();
                if (subject.Categories is { } categories)
                {
                    if (categories.Count == 0)
                        Error(path + ".categories", "leave categories out rather than empty");
                    for (var c = 0; c < categories.Count; c++)
                    {
                        Id($"{path}.categories[{c}].id", categories[c].Id);
                        Text($"{path}.categories[{c}].title", categories[c].Title);
                        CheckTags($"{path}.categories[{c}].when.allTags", categories[c].When.AllTags);
                        CheckTags($"{path}.categories[{c}].when.anyTags", categories[c].When.AnyTags);
                        CheckTags($"{path}.categories[{c}].when.noneTags", categories[c].When.NoneTags);
                        categoryIds.Add(categories[c].Id);
                    }
                    Unique(path + ".categories", categories, c => c.Id, "category");
                    if (categories.Count > 64)
                        Error(path + ".categories", "at most 64 categories");
                }

                if (subject.Criteria.Count == 0)
                    Error(path + ".criteria", "a subject kind has at least one criterion");
                for (var c = 0; c < subject.Criteria.Count; c++)
                    CheckCriterion($"{path}.criteria[{c}]", subject.Criteria[c], categoryIds, "the subject has no categories");

                foreach (var category in categoryIds)
                {
                    if (!subject.Criteria.Any(c => c.Categories is null || c.Categories.Contains(category)))
                        Error(path + ".categories", $"no criterion applies to category '{category}'");
                }
            }
        }

        // Criterion ids are unique across the plan: the subjects' and the award forms' (attestations name them).
        private readonly HashSet<string> _criterionIds = new(StringComparer.Ordinal);

        private void CheckCriterion(string cpath, CriterionDefinition criterion, List<string> categoryIds, string noCategories)
        {
            Id(cpath + ".id", criterion.Id);
            if (!_criterionIds.Add(criterion.Id))
                Error(cpath + ".id", $"duplicate criterion id '{criterion.Id}' in the plan");
            Clause(cpath + ".clause", criterion.Clause);
            Text(cpath + ".text", criterion.Text);
            if (criterion.Categories is { } applies)
            {
                if (categoryIds.Count == 0)
                    Error(cpath + ".categories", noCategories);
                for (var a = 0; a < applies.Count; a++)
                {
                    if (categoryIds.Count > 0 && !categoryIds.Contains(applies[a]))
                        Error($"{cpath}.categories[{a}]", $"unknown category '{applies[a]}'; the subject defines {string.Join(", ", categoryIds)}");
                }
            }
            if (criterion.Reference is { } reference)
            {
                Text(cpath + ".reference.document", reference.Document);
                Text(cpath + ".reference.clause", reference.Clause);
            }
            CheckRule(cpath + ".rule", criterion.Rule, depth: 0);
        }

        private void CheckTags(string path, IReadOnlyList<SubjectTags>? tags)
        {
            if (tags is null)
                return;
            for (var i = 0; i < tags.Count; i++)
            {
                var tag = tags[i];
                if (!PlanEnumValues.IsSingleTag(tag))
                    Error($"{path}[{i}]", "unknown tag");
            }
        }

        private void CheckRule(string path, RuleDefinition rule, int depth)
        {
            if (depth > 4)
                Error(path, "rules nest too deeply");
            else
                rule.Check(path, this);
        }

        // Nesting depth of a rule from its path: one per ".rules[".
        private static int Depth(string path)
        {
            var depth = 0;
            for (var i = path.IndexOf(".rules[", StringComparison.Ordinal); i >= 0; i = path.IndexOf(".rules[", i + 1, StringComparison.Ordinal))
                depth++;
            return depth;
        }

        private void CheckAwardForms(Plan plan)
        {
            for (var i = 0; i < plan.AwardForms.Count; i++)
            {
                var form = plan.AwardForms[i];
                var path = $"$.awardForms[{i}]";
                Id(path + ".id", form.Id);
                Text(path + ".name", form.Name);
                if (!PlanEnumValues.IsDefined(form.Level))
                    Error(path + ".level", "unknown level");
                Text(path + ".decidedBy", form.DecidedBy);
                Clause(path + ".clause", form.Clause);
                Text(path + ".text", form.Text);
                CheckAwardStages(plan, path, form.Stages);
                CheckExclusion(plan, path, form);
                if (form.Criteria is { } criteria)
                {
                    if (criteria.Count == 0)
                        Error(path + ".criteria", "leave criteria out rather than empty");
                    for (var c = 0; c < criteria.Count; c++)
                        CheckCriterion($"{path}.criteria[{c}]", criteria[c], [], "an award form's criteria apply to every subject: leave categories out");
                }
            }
            Unique("$.awardForms", plan.AwardForms, f => f.Id, "award form");
            if (plan.AwardForms.Count == 0 && string.IsNullOrWhiteSpace(plan.AwardFormsNote))
                Error("$.awardFormsNote", "say why the plan lists no award forms");
        }

        private void CheckAwardStages(Plan plan, string formPath, IReadOnlyList<AwardStage>? stages)
        {
            if (stages is null)
                return;
            if (stages.Count == 0)
                Error(formPath + ".stages", "leave stages out (every stage of the plan) rather than empty");
            var known = string.Join(", ", plan.Stages.Select(s => s.Year is { } y ? $"{PlanJson.Word(s.Kind)} {y}" : PlanJson.Word(s.Kind)));
            for (var i = 0; i < stages.Count; i++)
            {
                var stage = stages[i];
                var path = $"{formPath}.stages[{i}]";
                Clause(path + ".clause", stage.Clause);
                if (!PlanEnumValues.IsDefined(stage.Kind))
                {
                    Error(path + ".kind", "unknown stage kind");
                    continue;
                }
                var planStage = plan.Stages.FirstOrDefault(s => s.Kind == stage.Kind);
                if (planStage is null)
                {
                    Error(path + ".kind", $"the plan has no stage '{PlanJson.Word(stage.Kind)}'; its stages are {known}");
                    continue;
                }
                if (stages.Take(i).Any(s => s.Kind == stage.Kind))
                    Error(path + ".kind", $"stage '{PlanJson.Word(stage.Kind)}' is listed twice");
                if (planStage.Year is { } year && (stage.FromYear is not null || stage.ToYear is not null))
                    Error(path, $"the plan holds its '{PlanJson.Word(stage.Kind)}' stage in {year} only: leave fromYear and toYear out");
                if (stage.FromYear is { } from && (from < plan.Period.From || from > plan.Period.To))
                    Error(path + ".fromYear", $"{from} is outside the period {plan.Period.From}–{plan.Period.To}");
                if (stage.ToYear is { } to && (to < plan.Period.From || to > plan.Period.To))
                    Error(path + ".toYear", $"{to} is outside the period {plan.Period.From}–{plan.Period.To}");
                if (stage.FromYear > stage.ToYear)
                    Error(path + ".toYear", "toYear is before fromYear");
            }
        }

        private void CheckExclusion(Plan plan, string formPath, AwardForm form)
        {
            if (form.ExcludedWith is not { } exclusion)
                return;
            var path = formPath + ".excludedWith";
            if (exclusion.AwardForms.Count == 0)
                Error(path + ".awardForms", "name at least one award form");
            for (var i = 0; i < exclusion.AwardForms.Count; i++)
            {
                var other = exclusion.AwardForms[i];
                if (string.Equals(other, form.Id, StringComparison.Ordinal))
                    Error($"{path}.awardForms[{i}]", "an award form does not exclude itself");
                else if (!plan.AwardForms.Any(f => string.Equals(f.Id, other, StringComparison.Ordinal)))
                    Error($"{path}.awardForms[{i}]", $"unknown award form '{other}'; the plan has {string.Join(", ", plan.AwardForms.Select(f => f.Id))}");
            }
            if (exclusion.Kinds is { } kinds)
            {
                if (kinds.Count == 0)
                    Error(path + ".kinds", "leave kinds out (every kind) rather than empty");
                for (var k = 0; k < kinds.Count; k++)
                {
                    if (!PlanEnumValues.IsDefined(kinds[k]))
                        Error($"{path}.kinds[{k}]", "unknown subject kind");
                }
            }
            Clause(path + ".clause", exclusion.Clause);
            Text(path + ".text", exclusion.Text);
        }

        private void CheckDeadlines(Plan plan)
        {
            for (var i = 0; i < plan.Deadlines.Count; i++)
            {
                var deadline = plan.Deadlines[i];
                var path = $"$.deadlines[{i}]";
                Id(path + ".id", deadline.Id);
                Clause(path + ".clause", deadline.Clause);
                Text(path + ".from", deadline.From);
                Text(path + ".to", deadline.To);
                Text(path + ".text", deadline.Text);
                if ((deadline.Date is null) == (deadline.Annual is null))
                    Error(path, "give either date (yyyy-MM-dd) or annual (MM-dd)");
                if (deadline.Date is not null && !IsIsoDate(deadline.Date))
                    Error(path + ".date", $"'{deadline.Date}' is not a date yyyy-MM-dd");
                if (deadline.Annual is not null && !IsIsoDate("2024-" + deadline.Annual))
                    Error(path + ".annual", $"'{deadline.Annual}' is not a day of the year MM-dd");
            }
            Unique("$.deadlines", plan.Deadlines, d => d.Id, "deadline");
        }

        private void CheckQuotas(Plan plan)
        {
            var forms = plan.AwardForms.Select(f => f.Id).ToHashSet(StringComparer.Ordinal);
            for (var i = 0; i < plan.Quotas.Count; i++)
            {
                var quota = plan.Quotas[i];
                var path = $"$.quotas[{i}]";
                if (!forms.Contains(quota.AwardForm))
                    Error(path + ".awardForm", $"unknown award form '{quota.AwardForm}'");
                Text(path + ".nominator", quota.Nominator);
                foreach (var role in quota.NominatorRoles ?? [])
                {
                    if (!Bodies.BodyRoles.All.Contains(role, StringComparer.Ordinal))
                        Error(path + ".nominatorRoles", $"unknown body role '{role}'");
                }
                if (quota.NominatorRoles is { Count: 0 })
                    Error(path + ".nominatorRoles", "name at least one role, or leave it out");
                Clause(path + ".clause", quota.Clause);
                if (quota.Items.Count == 0)
                    Error(path + ".items", "a quota has at least one item");
                for (var j = 0; j < quota.Items.Count; j++)
                {
                    var item = quota.Items[j];
                    if (!PlanEnumValues.IsDefined(item.SubjectKind))
                        Error($"{path}.items[{j}].subjectKind", "unknown subject kind");
                    if (item.Count is < 0)
                        Error($"{path}.items[{j}].count", "must not be negative");
                    if (item.Count is null && string.IsNullOrWhiteSpace(item.Note))
                        Error($"{path}.items[{j}].note", "say why the quota has no count");
                    Text($"{path}.items[{j}].text", item.Text);
                    if (item.Levels is { } levels)
                    {
                        if (levels.Any(l => !QuotaLevels.All.Contains(l.Level, StringComparer.Ordinal)))
                            Error($"{path}.items[{j}].levels", $"levels are {string.Join(", ", QuotaLevels.All)}");
                        if (item.Count is not { } total || levels.Sum(l => l.Count) != total)
                            Error($"{path}.items[{j}].levels", "the levels' counts add up to the item's count");
                    }
                    if (item.Exceptions is { } exceptions)
                    {
                        for (var k = 0; k < exceptions.Count; k++)
                        {
                            if (exceptions[k].Count < 0)
                                Error($"{path}.items[{j}].exceptions[{k}].count", "must not be negative");
                        }
                    }
                }
            }
        }

        private void CheckDossier(Plan plan)
        {
            var dossier = plan.Dossier;
            Clause("$.dossier.clause", dossier.Clause);
            Text("$.dossier.text", dossier.Text);
            for (var i = 0; i < dossier.Components.Count; i++)
            {
                Id($"$.dossier.components[{i}].id", dossier.Components[i].Id);
                Text($"$.dossier.components[{i}].text", dossier.Components[i].Text);
            }
            Unique("$.dossier.components", dossier.Components, c => c.Id, "dossier component");
            var forms = plan.AwardForms.Select(f => f.Id).ToHashSet(StringComparer.Ordinal);
            for (var i = 0; i < dossier.Copies.Count; i++)
            {
                if (!forms.Contains(dossier.Copies[i].AwardForm))
                    Error($"$.dossier.copies[{i}].awardForm", $"unknown award form '{dossier.Copies[i].AwardForm}'");
                if (dossier.Copies[i].Count < 1)
                    Error($"$.dossier.copies[{i}].count", "at least one set");
            }
        }

        private void CheckTargets(Plan plan)
        {
            for (var i = 0; i < plan.Targets.Count; i++)
            {
                var target = plan.Targets[i];
                var path = $"$.targets[{i}]";
                Id(path + ".id", target.Id);
                Clause(path + ".clause", target.Clause);
                Text(path + ".text", target.Text);
                Text(path + ".scope", target.Scope);
                if (!PlanEnumValues.IsDefined(target.Measure))
                    Error(path + ".measure", "unknown measure");
                if ((target.Min is not null || target.Max is not null) && target.Unit is null)
                    Error(path + ".unit", "a bound needs a unit");
                if (target.Unit is { } unit && !PlanEnumValues.IsDefined(unit))
                    Error(path + ".unit", "unknown unit");
                if (target.Unit == TargetUnit.PointsPerYear && target.Rule is not (TargetRule.FallEachYear or TargetRule.AverageFallPerYear))
                    Error(path + ".rule", "a fall in points per year is judged fall-each-year or average-fall-per-year (\"bình quân\")");
                if (target.Unit != TargetUnit.PointsPerYear && target.Rule is not null)
                    Error(path + ".rule", "only a fall in points per year has a rule");
                if (target.MinExclusive is not null && target.Min is null)
                    Error(path + ".minExclusive", "minExclusive qualifies min, which is missing");
                if (target.Min > target.Max)
                    Error(path + ".max", "max is below min");
                if (target.FromYear > target.ToYear)
                    Error(path + ".toYear", "toYear is before fromYear");
            }
            Unique("$.targets", plan.Targets, t => t.Id, "target");
        }
    }
}
