using System.Text.Json;
using NoOneLeftBehind.Domain.Criteria;
using NoOneLeftBehind.Domain.Dossiers;
using NoOneLeftBehind.Domain.Identity;
using NoOneLeftBehind.Domain.Plans;
using NoOneLeftBehind.Functions.Identity;
using NoOneLeftBehind.Infrastructure.Dossiers;
using Dossier = NoOneLeftBehind.Domain.Dossiers.Dossier;

namespace NoOneLeftBehind.Functions.Dossiers;

/// <summary>
/// What the province reads across dossiers: the consolidated list of approved nominees (danh sách, XLSX or CSV) and
/// the counts of nominations for the dashboards. Both are scoped to the units the caller may read.
/// </summary>
internal sealed class DossierReports(DossierStore store, DossierProjection projection, PlanCatalogue catalogue, IUnitHierarchy units, DossierViews views, DossierClock clock)
{
    public async Task<IResult> ExportAsync(ICurrentUser user, string? planId, string? stageKind, int? stageYear, string? awardFormId, string? format, CancellationToken ct)
    {
        if (!PlanId.TryParse(planId, out var pid) || !catalogue.TryGet(pid, out var plan)) return DossierProblems.UnknownPlan(planId, catalogue.PlanIds);
        var problems = new List<DossierProblem>();
        var stage = DossierInputReader.Stage(new StageInput(stageKind, stageYear), problems);
        var award = plan.AwardForms.FirstOrDefault(a => a.Id == awardFormId);
        if (award is null)
            problems.Add(new("unknown-award-form", "awardFormId", $"Kế hoạch {plan.Id} không có hình thức khen thưởng '{awardFormId}'. Các hình thức: {string.Join(", ", plan.AwardForms.Select(a => a.Id))}.",
                $"Plan {plan.Id} has no award form '{awardFormId}'. Award forms: {string.Join(", ", plan.AwardForms.Select(a => a.Id))}."));
        var fmt = (format ?? "xlsx").ToLowerInvariant();
        if (fmt is not ("xlsx" or "csv"))
            problems.Add(new("invalid-format", "format", "Định dạng là 'xlsx' hoặc 'csv'.", "The format is 'xlsx' or 'csv'."));
        if (problems.Count > 0) return DossierProblems.Invalid(problems);
        var filter = user.ReadFilter;
        var rows = new List<(Dossier D, NomineeListRow Row)>();
        await foreach (var s in store.ListAsync(filter.Reach == UnitScopeReach.Unit ? filter.UnitCode : null, plan.Id,
                           [DossierStatus.Approved, DossierStatus.Forwarded, DossierStatus.Decided], ct))
        {
            var d = s.Dossier;
            if (!filter.Matches(d.NominatingUnitCode.Value) || d.Stage != stage || d.AwardFormId != award!.Id || !views.Listed(user, d)) continue;
            // The unit by its name in the stage's year, without its statistical code (issue 17, item 6).
            rows.Add((d, new NomineeListRow(d.Nominee.Name, UnitNameIn(d.NominatingUnitCode.Value, stage!.Year)?.FullName ?? d.NominatingUnitCode.Value, d.AchievementsSummary ?? "", award.Name, d.Id.Value)));
        }
        var ordered = rows.OrderBy(r => r.D.NominatingUnitCode.Value, StringComparer.Ordinal).ThenBy(r => r.D.Nominee.Name, StringComparer.Ordinal).Select(r => r.Row).ToList();
        var baseName = $"danh-sach-{plan.Id}-{DossierChecks.Word(stage!.Kind)}-{stage.Year}-{award!.Id}";
        if (fmt == "csv")
            return Results.File(NomineeListExport.Csv(ordered), "text/csv; charset=utf-8", baseName + ".csv");
        var title = $"DANH SÁCH ĐỀ NGHỊ {award.Name.ToUpper(System.Globalization.CultureInfo.GetCultureInfo("vi-VN"))}";
        var subtitle = $"(Kèm theo Tờ trình đề nghị khen thưởng – {plan.Title}; đợt {StageNames.Vi(stage.Kind)} năm {stage.Year})";
        // The issuing body is the caller's unit (a reviewer's office); a caller without one gets no administrative heading.
        var own = filter.UnitCode is { } code ? UnitNameIn(code, VietnamTime.DateOf(clock.UtcNow).Year) : null;
        var heading = new NomineeListHeading(
            own is null ? "" : $"UBND {char.ToLower(own.FullName[0], System.Globalization.CultureInfo.GetCultureInfo("vi-VN"))}{own.FullName[1..]}",
            own?.Name ?? "", VietnamTime.DateOf(clock.UtcNow), title, subtitle, own is null ? "" : "Thủ trưởng cơ quan, đơn vị");
        return Results.File(NomineeListExport.Xlsx(heading, ordered), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", baseName + ".xlsx");
    }

    /// <summary>The unit as it was named on 30/06 of <paramref name="year"/>, else its latest name.</summary>
    private static Domain.Units.AdministrativeUnit? UnitNameIn(string code, int year)
    {
        if (!Domain.Units.UnitCode.TryParse(code, out var unitCode)) return null;
        var registry = Domain.Units.UnitRegistry.Embedded;
        var versions = registry.VersionsOf(unitCode);
        return registry.Find(unitCode, new DateOnly(year, 6, 30)) ?? (versions.Count > 0 ? versions[^1] : null);
    }

    /// <summary>
    /// Counts of nominations for the dashboards, from the read model the workflow and the evaluation keep:
    /// one plan, optionally one stage and one unit's subtree, only units the caller may read.
    /// </summary>
    public async Task<IResult> CountsAsync(ICurrentUser user, string? planId, string? stageKind, int? stageYear, string? unitCode, CancellationToken ct)
    {
        if (!PlanId.TryParse(planId, out var pid) || !catalogue.TryGet(pid, out var plan)) return DossierProblems.UnknownPlan(planId, catalogue.PlanIds);
        var problems = new List<DossierProblem>();
        DossierStage? stage = null;
        if (stageKind is not null || stageYear is not null)
            stage = DossierInputReader.Stage(new StageInput(stageKind, stageYear), problems);
        if (problems.Count > 0) return DossierProblems.Invalid(problems);
        if (unitCode is not null && !user.CanRead(unitCode)) return Results.StatusCode(StatusCodes.Status403Forbidden);
        var filter = user.ReadFilter;
        var statuses = Enum.GetValues<DossierStatus>().Select(DossierStore.StatusWord).ToList();
        var total = new NominationTally(statuses);
        var byAward = new SortedDictionary<string, NominationTally>(StringComparer.Ordinal);
        var byUnit = new SortedDictionary<string, NominationTally>(StringComparer.Ordinal);
        foreach (var a in plan.AwardForms) byAward[a.Id] = new NominationTally(statuses);
        DateTimeOffset? latest = null;
        await foreach (var row in projection.ListAsync(plan.Id, stage is null ? null : DossierChecks.Word(stage.Kind), stage?.Year, ct))
        {
            if (!filter.Matches(row.UnitCode)) continue;
            if (unitCode is not null && !units.IsWithin(row.UnitCode, unitCode)) continue;
            total.Add(row);
            (byAward.TryGetValue(row.AwardFormId, out var a) ? a : byAward[row.AwardFormId] = new NominationTally(statuses)).Add(row);
            (byUnit.TryGetValue(row.UnitCode, out var u) ? u : byUnit[row.UnitCode] = new NominationTally(statuses)).Add(row);
            if (latest is null || row.UpdatedAt > latest) latest = row.UpdatedAt;
        }
        return Results.Json(new
        {
            planId = plan.Id,
            stage = stage is null ? null : new { kind = DossierChecks.Word(stage.Kind), year = stage.Year },
            unitCode,
            total = total.Total,
            byStatus = total.ByStatus,
            byVerdict = total.ByVerdict,
            byAwardForm = byAward.Select(p => new { awardFormId = p.Key, name = plan.AwardForms.FirstOrDefault(a => a.Id == p.Key)?.Name, total = p.Value.Total, byStatus = p.Value.ByStatus, byVerdict = p.Value.ByVerdict }),
            byUnit = byUnit.Select(p => new { unitCode = p.Key, unitName = DossierViews.UnitName(p.Key), total = p.Value.Total, byStatus = p.Value.ByStatus, byVerdict = p.Value.ByVerdict }),
            updatedAt = latest,
        }, CountsJson);
    }

    // The counts keep their shape: null members (no stage, no unit, nothing counted yet) are written, not left out.
    private static readonly JsonSerializerOptions CountsJson = new(DossierStorageNames.Json) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.Never };
}

/// <summary>Counts of read-model rows: total, per status (every status, zeros included) and per verdict.</summary>
internal sealed class NominationTally
{
    public NominationTally(IEnumerable<string> statuses)
    {
        foreach (var s in statuses) ByStatus[s] = 0;
        foreach (var v in Enum.GetValues<Verdict>()) ByVerdict[JsonSerializer.Serialize(v).Trim('"')] = 0;
    }

    public int Total { get; private set; }

    public Dictionary<string, int> ByStatus { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, int> ByVerdict { get; } = new(StringComparer.Ordinal);

    public void Add(NominationRow row)
    {
        Total++;
        ByStatus[row.Status] = ByStatus.GetValueOrDefault(row.Status) + 1;
        if (row.Verdict is { } v) ByVerdict[v] = ByVerdict.GetValueOrDefault(v) + 1;
    }
}
