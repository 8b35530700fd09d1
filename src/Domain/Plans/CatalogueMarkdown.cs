using System.Globalization;
using System.Text;
using NoOneLeftBehind.Domain.Criteria;

namespace NoOneLeftBehind.Domain.Plans;

/// <summary>
/// Renders the catalogue as <c>docs/criteria.md</c>: the computation decisions, then plan by plan and subject by
/// subject every criterion with its clause, text and rule. Deterministic, so a test can tell when the file is stale.
/// </summary>
public static class CatalogueMarkdown
{
    /// <summary>The command that regenerates the document.</summary>
    public const string Command = "dotnet run --project tools/CatalogueDocs --artifacts-path /tmp/art-docs";

    /// <summary>Renders the document (LF line endings).</summary>
    public static string Render(PlanCatalogue catalogue)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        var md = new StringBuilder();
        md.Append("# Criteria catalogue (tiêu chí thi đua)\n\n");
        md.Append("<!-- Generated from src/Domain/Plans/Catalogue/*.json. Do not edit: run `").Append(Command).Append("`. -->\n\n");
        md.Append("Catalogue version `").Append(catalogue.Version).Append("`. Plans: ")
            .Append(string.Join(", ", catalogue.Plans.Select(p => $"`{p.Id}` ({catalogue.VersionOf(PlanId.Parse(p.Id))})"))).Append(".\n\n");
        md.Append(Preamble);
        foreach (var plan in catalogue.Plans)
            RenderPlan(md, plan);
        return md.ToString();
    }

    private static readonly string Preamble = """
        ## How the engine computes

        These decisions come from `docs/domain.md` (shared) and apply to every plan below.

        - **Rates** are percentages of all resident households: tỷ lệ hộ nghèo = hộ nghèo ÷ tổng số hộ dân cư × 100.
          Poor and near-poor counts are stored separately; each rule names its measure (`poor-rate`,
          `poor-and-near-poor-rate`, `poor-and-near-poor-count`).
        - **"Tỷ lệ nghèo đa chiều"** in a criterion is read as the **poor-household rate** under the multidimensional
          standard (`poor-rate`), as the plans' own objectives say "giảm tỷ lệ hộ nghèo … theo chuẩn nghèo đa chiều".
          The other reading (poor + near-poor) is one word in the plan file: `"measure": "poor-and-near-poor-rate"`.
        - **"Giảm X%/năm"** means X **percentage points** every year of the window (national example: 5,71 % → 4,06 %
          is a fall of 1,65 points). "Từ X% trở lên" is inclusive (≥ X).
        - **Baseline (đầu kỳ)**: the review at the end of the year before the period's first standard year —
          2021 for the 2021–2025 plans (first review under Decree 07/2021/NĐ-CP), 2015 for the 2016–2020 plan (first
          review under Decision 59/2015/QĐ-TTg). Figures are accepted from the baseline year to the end of the period.
        - **Window "N năm liên tục trước khi trình khen thưởng"**: the N year-over-year falls that end at the latest
          review year supplied that is not after the nomination year; it needs the figures of N + 1 consecutive years,
          none before the baseline. A missing year inside the window is **insufficient data**, never a pass. When the
          latest year supplied is too early for N falls (figures 2021–2023 at a 2025 nomination), the windows that
          could still hold by the nomination year (2022–2024, 2023–2025) are judged together: a supplied failing year
          that lies in all of them (2023) decides.
        - **Window "N năm liên tục" inside the period** (Tuyên Quang III.1.2 and III.1.3, "trong giai đoạn 2016-2020";
          rule parameter `"withinPeriod": true`): any N consecutive yearly falls whose years lie inside the plan period
          and not after the nomination year. In a five-year plan, five falls are exactly 2016–2020.
        - **Known failure decides**: a year already supplied inside the window that fails the yearly fall makes the rule
          **not met**, even when other years of the window are missing; **insufficient data** only when the missing
          years could still change the result (for a window inside the period: while some window without a known
          failing year could still hold).
        - **Dates** are written dd/mm/yyyy, as the plans write them; a day of every year (stored `MM-dd` in the plan
          files) is written dd/mm: Chư Pưh's "trước ngày 10/11 hằng năm" is "every year on 10/11".
        - **"Giảm trên 50 % so với đầu kỳ"**: (poor + near-poor) at the latest review year not after the nomination year
          is **strictly** less than half of (poor + near-poor) at the baseline; exactly 50 % is not met.
          "Dưới X %" is strict as well (&lt; X).
        - **"Đến năm 2025" targets** (Bình Định III.1.3, xã khu vực III; rule parameter `"byYear": 2025`): nominated
          before 2025, the explanation shows the progress so far against the target ("Tiến độ đến năm 2023: 2.000 hộ
          (2021) → 1.200 hộ (2023): giảm 40,00 %; mục tiêu giảm trên 50 % đến năm 2025", values `….reductionPercent`,
          `….byYear`) and the criterion is **needs-review** until a reviewer attests it (it can be attested, like a
          judgement; without figures it is insufficient data). From 2025 the figures of 2025 decide and an attestation
          no longer counts; a 2025 nomination without the 2025 figures is insufficient data.
        - **End states "sau 5 năm"** are judged on the latest review year, which must be at least 5 years after the baseline.
        - **Windows that cannot fit by the nomination year are not met** at that nomination, never "insufficient data":
          3 yearly falls since the 2021 baseline need 2024 at the earliest, so at the 2023 sơ kết the yearly-fall rule
          is **not met**; the same for an end state "sau 5 năm" before its year, a reduction against the baseline
          nominated in the baseline year, and years of work inside the period. The explanation names the stage from
          which the window can be judged ("có thể xét từ năm 2024 (khen thưởng hằng năm 2024)": the plan's stages held
          in the first year it fits, an annual stage counting for every year of the period) and the values carry
          `<measure or fact>.judgeableFromYear`. An alternative of the same criterion (e.g. Chư Pưh's halving) can still
          be met.
        - **Exact arithmetic**: comparisons cross-multiply the integer counts (no floating point), so 15 % → 11 % is a
          fall of exactly 4 points and scaling every count by the same factor never changes a rate-based status.
          Explanations show two decimals, more when two would round across the threshold.
        - **Facts**: `policyHouseholdsPoor` (at the end of the window), `escapedPovertyYear` (years since escaping =
          nomination year − escape year), `consecutiveYearsInPovertyWork` (counted back from the nomination year),
          `contribution` (VND). A missing fact is insufficient data.
        - **Years "trong giai đoạn 2016-2020"** (rule parameter `"withinPeriod": true`): only the years inside the plan
          period count. Tuyên Quang III.1.7 asks an official for 3 consecutive years of poverty work inside 2016–2020:
          nominated in 2017, at most 2016–2017 (2 years) count, so the criterion is **not met** at that nomination and
          the explanation names the stage from which it can be judged (2018); 9 years declared in 2019 count as 4.
        - **Dated facts** (issue 16): where the plan dates a fact ("as of the end of 2019" below: Tuyên Quang communes
          "hết năm 2019", districts "đến hết năm 2020"), the request may say which year its count is for:
          `facts.policyHouseholdsPoorYear` (optional, 1900 … nomination year). A count for another year does not answer
          the plan's question (insufficient data, and the explanation names the year asked); without a year the count
          is taken as the answer for the plan's date, as before. The evaluation form asks the dated question and sends
          its year.
        - **Judgement criteria** are never passed by the machine: `needs-review` until a reviewer attests them
          (`met: true` → met, `met: false` → not met). A criterion that mixes a number and judgement is `numeric`:
          its number decides first, then it waits for the reviewer.
        - **Combining** — all of: not-met > insufficient-data > needs-review > met (worst wins); any of: best wins.
          A subject's criteria are all required, except where the plan's bullets describe alternative groups of
          people (`"combine": "any-of"`, marked **Alternatives** below: Chư Pưh III.1.e and III.1.g, and Bình Định III.1.5, which has III.1.e's two bullets word for word).
          Verdict: `not-eligible` if a requirement is not met, else `incomplete` if one lacks data, else
          `needs-review` if a judgement is open, else `eligible`.
        - **Categories**: a subject's tags choose the first category of its kind whose condition holds (e.g.
          `poor-district`); criteria restricted to other categories do not apply.
        - **A subject the plan gives no rule for is evaluated, never answered 400**: a kind the plan does not name (a
          district under the Khánh Vĩnh school plan), or tags that match none of its categories (a thị trấn outside
          khu vực I–III under Chư Pưh III.1.c). The criteria for every subject of the kind still apply; `category` is
          null; the verdict is at best `needs-review` (a reviewer judges what the plan lacks, never `eligible` by
          default); and the response says what is missing in **`gaps`** (contract addition, always present, empty for
          a covered subject): `[{ "clause": "III.1.c" | null, "vi": "…", "en": "…" }]`, naming the criteria the plan
          keeps for other groups and their conditions, or the kinds it defines. `400` stays for malformed input
          (an unknown kind word, a missing subject, bad figures, an attestation of a criterion that does not apply).
        - **Supporters (Tuyên Quang III.2.1, second bullet)**: organisations, individuals, households and businesses
          that build houses, help poor households or give to the "Vì người nghèo" fund are subjects of the plan:
          `collective` and `individual` are judged on III.2.1; a `household` or `enterprise` with the tag
          **`supporter`** (contract addition to `subject.tags`) is judged on III.2.1 instead of III.1.5 / III.1.6.
        - **Dashboard targets name their measure**: Tuyên Quang I.1 "riêng các huyện nghèo, xã đặc biệt khó khăn, hộ
          nghèo dân tộc thiểu số giảm trên 4%/năm" is two targets: `poor-districts-communes` (poor rate of poor
          districts and extremely difficult communes) and `minority-poor-rate` (the ethnic-minority poor rate, not the
          overall rate), both > 4 points a year.
        - **Sub-groups by tag** (`subject.tags` of `POST /api/evaluate`, added in issue 16): `bank` (a bank, e.g. the
          district's Phòng giao dịch Ngân hàng Chính sách xã hội) and `credit-institution` (tổ chức tín dụng). A bullet
          the plan addresses to banks or credit institutions (Chư Pưh III.1.a fourth bullet, III.1.h third; Bình Định
          III.1.7 third) applies only to an agency or enterprise with one of these tags; other agencies and enterprises
          are judged without it. Tag words the engine does not know are still ignored.
        - **Dashboard targets** ("giảm … %/năm") name how the fall is judged: `fall-each-year` (every year of the
          window) or `average-fall-per-year` ("bình quân": the path from the baseline by the amount a year), and
          `minExclusive` when the plan says "trên" (more than the amount, not at least). The statistics API and the
          dashboards read both from the plan file, never from its Vietnamese text.
        - **Nominating bodies in `GET /api/plans`** (additions of issue 16 B, ADR 0008): a plan's `governs` (the unit
          codes it governs; a dossier is drafted under it only for a nominating unit within them, else `400
          plan-not-for-unit`), a quota allocation's `nominatorRoles` and `within` (the body roles it goes to, in that
          unit), an exception's `unitCodes`, and an item's `levels` (`[{level: district | commune-village, count}]`,
          Bắc Giang IV.2.a's officials). Existing members are unchanged.
        - **Award stages and exclusions** (additions of issue 16 B to an award form in `GET /api/plans`): `stages`
          (`[{kind, fromYear?, toYear?, clause}]`, the stages at which the plan grants the form; absent: every stage) —
          Chư Pưh III.2.b grants the province's Cờ thi đua and Bằng khen and the State awards only at the sơ kết (2023)
          and tổng kết (2025), II.4 the district's Giấy khen also yearly 2022–2025; a dossier for a form at another stage
          is refused (`400 award-not-at-stage` when drafted, `422` when submitted), naming the stages in words.
          `excludedWith` (`{awardForms, kinds?, clause, text}`): a nominee proposed in a stage for one of these forms is
          not also proposed for this one in the same stage (Chư Pưh III.2.b: "trừ các đơn vị đã được đề nghị khen thưởng
          cấp Nhà nước", for districts, communes and villages), either order; refused on submission (`422
          excluded-award`, naming the other dossier's tracking code). A nominee is the same across dossiers when it has
          the same unit code, else the same nominating body, kind and name (NFC, spaces collapsed, case ignored,
          diacritics kept); a draft or a rejected dossier proposes nothing. `criteria`: criteria the form adds for every
          subject — Chư Pưh's State awards defer to **khoản 2 Mục III of the plan issued with Quyết định 666/QĐ-TTg**,
          shown as a judgement criterion whose text cites it and whose `reference` is `{document, clause}`.
          `POST /api/evaluate` takes an optional `awardFormId` (unknown: 400 on `awardFormId`); with it the form's
          criteria are evaluated after the subject's (all required), and a criterion that defers to a document carries
          `reference: {document, clause}` in the answer. Dossiers are evaluated with their award form.
        - **Plans that define criteria by reference** (Bắc Giang → Kế hoạch số 3976/KH-UBND, not in the seeds): the
          catalogue carries the referring text and a judgement criterion "nội dung tiêu chí không có – cần người thẩm
          định đánh giá"; no threshold is invented.


        """.Replace("\r\n", "\n", StringComparison.Ordinal);

    private static void RenderPlan(StringBuilder md, Plan plan)
    {
        md.Append("## ").Append(plan.Title).Append("\n\n");
        md.Append("- Id `").Append(plan.Id).Append("`, encoding version ").Append(plan.Version).Append(", source `").Append(plan.Source).Append("`\n");
        md.Append("- Issuer: ").Append(plan.Issuer).Append('\n');
        if (plan.Governs is { Count: > 0 } governs)
            md.Append("- Governs (`governs`; dossiers only for nominating units within): ").Append(string.Join(", ", governs)).Append('\n');
        md.Append("- Document: ").Append(plan.Document.Number ?? "(no number)").Append(", ").Append(plan.Document.Date is { } signed ? Day(signed) : "(no date)");
        if (plan.Document.DateNote is not null)
            md.Append(" — ").Append(plan.Document.DateNote);
        md.Append('\n');
        md.Append("- Basis: ").Append(string.Join("; ", plan.Document.Basis)).Append('\n');
        md.Append(Inv($"- Period {plan.Period.From}–{plan.Period.To}, baseline year {plan.BaselineYear}\n"));
        md.Append("- Stages: ").Append(string.Join("; ", plan.Stages.Select(s => $"{Word(s.Kind)}{(s.Year is { } y ? Inv($" {y}") : string.Empty)} ({s.Clause})"))).Append('\n');
        if (plan.CriteriaReference is { } reference)
            md.Append("- **Criteria by reference** to ").Append(reference.Document).Append(", ").Append(reference.Clause).Append(": ").Append(reference.Note).Append('\n');
        md.Append('\n');

        foreach (var subject in plan.Subjects)
        {
            md.Append("### ").Append(string.Join(", ", subject.Kinds.Select(SubjectKinds.ToContract)))
                .Append(" — ").Append(subject.Clause).Append(' ').Append(subject.Title).Append("\n\n");
            if (subject.Categories is { } categories)
            {
                md.Append("Categories (first match): ")
                    .Append(string.Join("; ", categories.Select(c => $"`{c.Id}` {c.Title} [{Condition(c.When)}]"))).Append("\n\n");
            }
            if (subject.Combine == CriteriaCombination.AnyOf)
                md.Append("**Alternatives**: the criteria below describe different groups; any one of them is enough.\n\n");
            md.Append("| id | clause | text | kind | rule |\n|---|---|---|---|---|\n");
            foreach (var c in subject.Criteria)
            {
                var applies = c.Categories is null ? string.Empty : $" (only {string.Join(", ", c.Categories)})";
                md.Append("| `").Append(c.Id).Append('`').Append(applies).Append(" | ").Append(c.Clause).Append(" | ")
                    .Append(Cell(c.Text)).Append(" | ").Append(Word(c.Kind)).Append(" | ").Append(Cell(c.Rule.Describe())).Append(" |\n");
            }
            md.Append('\n');
        }

        md.Append("### Award forms\n\n");
        if (plan.AwardForms.Count == 0)
            md.Append(plan.AwardFormsNote).Append('\n');
        foreach (var f in plan.AwardForms)
        {
            md.Append("- `").Append(f.Id).Append("` ").Append(f.Name).Append(" — decided by ").Append(f.DecidedBy).Append(" (").Append(Word(f.Level)).Append(", ").Append(f.Clause).Append(')');
            if (f.Stages is { } stages)
                md.Append("; granted only at: ").Append(AwardStages.Describe(plan, f).En).Append(" (").Append(string.Join(", ", stages.Select(s => s.Clause).Distinct())).Append(')');
            if (f.ExcludedWith is { } exclusion)
            {
                md.Append("; not for a ").Append(exclusion.Kinds is { } kinds ? string.Join(", ", kinds.Select(SubjectKinds.ToContract)) : "nominee")
                    .Append(" proposed in the same stage for ").Append(string.Join(", ", exclusion.AwardForms.Select(a => $"`{a}`")))
                    .Append(" (").Append(exclusion.Clause).Append(" “").Append(exclusion.Text).Append("”)");
            }
            md.Append('\n');
            foreach (var c in f.Criteria ?? [])
            {
                md.Append("  - criterion `").Append(c.Id).Append("` (").Append(c.Clause).Append(", ").Append(Word(c.Kind)).Append(", evaluated with `awardFormId`): ").Append(Cell(c.Text));
                if (c.Reference is { } deferred)
                    md.Append(" — **reference**: ").Append(deferred.Clause).Append(", ").Append(deferred.Document);
                md.Append('\n');
            }
        }
        md.Append('\n');

        if (plan.Deadlines.Count > 0)
        {
            md.Append("### Deadlines (dd/mm/yyyy)\n\n");
            foreach (var d in plan.Deadlines)
                md.Append("- ").Append(d.Date is { } date ? Day(date) : "every year on " + Day(d.Annual!)).Append(": ").Append(d.From).Append(" → ").Append(d.To).Append(" (").Append(d.Clause).Append(")\n");
            md.Append('\n');
        }

        if (plan.Quotas.Count > 0)
        {
            md.Append("### Quotas\n\n| nominator | award form | subject | count |\n|---|---|---|---|\n");
            foreach (var q in plan.Quotas)
            {
                foreach (var i in q.Items)
                {
                    var count = i.Count?.ToString(CultureInfo.InvariantCulture) ?? "—";
                    if (i.Exceptions is { } exceptions)
                        count += " (" + string.Join("; ", exceptions.Select(e => Inv($"{e.Nominator}: {e.Count}"))) + ")";
                    if (i.Levels is { } levels)
                        count += " = " + string.Join(" + ", levels.Select(l => Inv($"{l.Level} {l.Count}")));
                    if (i.Note is not null)
                        count += " — " + i.Note;
                    var nominator = q.NominatorRoles is { } roles ? q.Nominator + " (roles " + string.Join(", ", roles) + ")" : q.Nominator;
                    md.Append("| ").Append(Cell(nominator)).Append(" | `").Append(q.AwardForm).Append("` | ").Append(SubjectKinds.ToContract(i.SubjectKind)).Append(" | ").Append(Cell(count)).Append(" |\n");
                }
            }
            if (plan.QuotasNote is not null)
                md.Append('\n').Append(plan.QuotasNote).Append('\n');
            md.Append('\n');
        }

        md.Append("### Dossier (").Append(plan.Dossier.Clause).Append(")\n\n");
        if (plan.Dossier.Components.Count == 0)
            md.Append("No components listed: ").Append(plan.Dossier.Text).Append('\n');
        foreach (var c in plan.Dossier.Components)
            md.Append("- `").Append(c.Id).Append("` ").Append(c.Text).Append(c.Template is null ? string.Empty : $" (template: {c.Template})").Append('\n');
        foreach (var c in plan.Dossier.Copies)
            md.Append(Inv($"- Sets for `{c.AwardForm}`: {c.Count}")).Append(c.Original == true ? " (bản chính)" : string.Empty).Append('\n');
        md.Append('\n');

        if (plan.Targets.Count > 0)
        {
            md.Append("### Targets for dashboards\n\n");
            foreach (var t in plan.Targets)
            {
                md.Append("- `").Append(t.Id).Append("` ").Append(Word(t.Measure)).Append(", ").Append(t.Scope).Append(": ");
                if (t.Min is { } min)
                    md.Append(t.MinExclusive == true ? "> " : "≥ ").Append(Vi.Number(min));
                if (t.Max is { } max)
                    md.Append(t.Min is null ? "≤ " : " to ").Append(Vi.Number(max));
                if (t.Unit is { } unit)
                    md.Append(' ').Append(Word(unit));
                if (t.Rule is { } rule)
                    md.Append(", ").Append(Word(rule));
                if (t.FromYear is not null || t.ToYear is not null)
                    md.Append(Inv($" ({t.FromYear?.ToString(CultureInfo.InvariantCulture) ?? "…"}–{t.ToYear?.ToString(CultureInfo.InvariantCulture) ?? "…"})"));
                md.Append(" — ").Append(t.Clause).Append(" “").Append(t.Text).Append("”\n");
            }
            md.Append('\n');
        }
    }

    /// <summary>One-line description of a rule, in English with the plan's numbers.</summary>
    public static string Describe(RuleDefinition rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return rule.Describe();
    }

    private static string Condition(TagCondition when)
    {
        var parts = new List<string>();
        if (when.AllTags is { Count: > 0 } all)
            parts.Add("all of " + string.Join(", ", all.Select(SubjectKinds.ToContract)));
        if (when.AnyTags is { Count: > 0 } any)
            parts.Add("any of " + string.Join(", ", any.Select(SubjectKinds.ToContract)));
        if (when.NoneTags is { Count: > 0 } none)
            parts.Add("none of " + string.Join(", ", none.Select(SubjectKinds.ToContract)));
        return parts.Count == 0 ? "otherwise" : string.Join("; ", parts);
    }

    private static string Word<T>(T value) where T : struct, Enum => PlanJson.Word(value);

    /// <summary>"2023-11-30" → "30/11/2023", "11-10" → "10/11": dates as Vietnamese documents write them (dd/mm/yyyy).</summary>
    private static string Day(string isoDate) => string.Join('/', isoDate.Split('-').Reverse());

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
