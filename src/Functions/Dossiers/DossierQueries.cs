using System.Globalization;
using System.Text.Json;
using NoOneLeftBehind.Domain.Dossiers;
using NoOneLeftBehind.Domain.Identity;
using NoOneLeftBehind.Domain.Plans;
using NoOneLeftBehind.Functions.Identity;
using NoOneLeftBehind.Infrastructure.Dossiers;

namespace NoOneLeftBehind.Functions.Dossiers;

/// <summary>The filters and page of <c>GET /api/dossiers</c>, as given in the query string.</summary>
internal sealed record DossierListQuery(string? UnitCode, string? PlanId, string? Status, string? StageKind, int? StageYear, string? Q, int? Page, int? PageSize);

/// <summary>
/// What the reviewers' console reads: the queue (filtered by plan, stage, status and unit, searched
/// without diacritics — "Chu Puh" finds "Chư Pưh", "d" finds "đ"), and the quota use of a dossier's
/// nominating unit. Both are scoped to the units the caller may read.
/// </summary>
internal sealed class DossierQueries(DossierStore store, DossierViews views, DossierRuleBook rules, IUnitHierarchy units, NominatingBodies bodies)
{
    /// <summary>Most rows one page of <c>GET /api/dossiers</c> holds.</summary>
    public const int MaxPageSize = 500;

    /// <summary>Response header of a paged <c>GET /api/dossiers</c>: how many dossiers match in all.</summary>
    public const string TotalCountHeader = "X-Total-Count";

    /// <summary>
    /// <c>GET /api/dossiers</c>: dossiers the caller may read, newest change first. <c>unitCode</c> is one
    /// nominating unit (exact); <c>q</c> matches every word against the nominee's name, the nominating
    /// unit's name and code and the dossier id, ignoring case and diacritics. With <c>page</c> or <c>pageSize</c> the
    /// answer is that page (default size 50, at most <see cref="MaxPageSize"/>) and <see cref="TotalCountHeader"/> says how
    /// many match; without them, every match (the shape stays an array either way).
    /// </summary>
    public async Task<IResult> ListAsync(ICurrentUser user, DossierListQuery query, HttpContext http, CancellationToken ct)
    {
        var (unitCode, planId, status, stageKind, stageYear, q, page, pageSize) = query;
        var problems = new List<DossierProblem>();
        if (page is < 1)
            problems.Add(new("out-of-range", "page", "Trang bắt đầu từ 1.", "Pages start at 1."));
        if (pageSize is < 1 or > MaxPageSize)
            problems.Add(new("out-of-range", "pageSize", $"Số dòng mỗi trang từ 1 đến {MaxPageSize}.", $"A page holds 1 to {MaxPageSize} rows."));
        IReadOnlyCollection<DossierStatus>? statuses = null;
        if (status is not null)
        {
            try
            {
                statuses = [JsonSerializer.Deserialize<DossierStatus>("\"" + status + "\"", DossierStorageNames.Json)];
            }
            catch (JsonException)
            {
                problems.Add(new("invalid-status", "status", $"Trạng thái '{status}' không có.", $"Unknown status '{status}'."));
            }
        }
        string? stageWord = null;
        if (stageKind is not null)
        {
            var parsed = DossierInputReader.Stage(new StageInput(stageKind, 2000), problems);
            if (parsed is not null) stageWord = DossierChecks.Word(parsed.Kind);
        }
        if (q is { Length: > 200 })
            problems.Add(new("too-long", "q", "Từ khoá tìm kiếm tối đa 200 ký tự.", "The search text holds at most 200 characters."));
        if (problems.Count > 0) return DossierProblems.Invalid(problems);
        var filter = user.ReadFilter;
        if (unitCode is not null && !user.CanRead(unitCode)) return Results.StatusCode(StatusCodes.Status403Forbidden);
        var partition = unitCode ?? (filter.Reach == UnitScopeReach.Unit ? filter.UnitCode : null);
        var words = DossierSearch.Words(q);
        var paths = new Dictionary<string, string>(StringComparer.Ordinal);
        string PathOf(string code) => paths.TryGetValue(code, out var p) ? p : paths[code] = DossierSearch.UnitPath(code);
        var found = new List<(DateTimeOffset UpdatedAt, string Id, object Summary)>();
        // A draft is the nominating unit's work in progress (issue 17, item 8): it is listed to submitters, and to others
        // only when they ask for drafts by name (status=draft); reviewers' queues show what was submitted.
        var draftsListed = statuses is not null || user.IsInRole(AppRole.Submitter);
        await foreach (var s in store.ListAsync(partition, planId, statuses, ct))
        {
            var d = s.Dossier;
            if (!filter.Matches(d.NominatingUnitCode.Value)) continue;
            if (!draftsListed && d.Status == DossierStatus.Draft) continue;
            if (!views.Listed(user, d)) continue;
            if (stageWord is not null && DossierChecks.Word(d.Stage.Kind) != stageWord) continue;
            if (stageYear is not null && d.Stage.Year != stageYear) continue;
            var unit = d.NominatingUnitCode.Value;
            var unitName = DossierViews.UnitName(unit);
            if (words.Count > 0)
            {
                // The tracking code is found as written ("HS-K7Q4-9XM2") or typed without its hyphens ("k7q49xm2").
                var text = DossierSearch.Fold(string.Join(' ', d.Nominee.Name, PathOf(unit), d.Nominee.UnitCode is null ? "" : PathOf(d.Nominee.UnitCode), d.Id.Value,
                    d.TrackingCode ?? "", TrackingCode.Normalize(d.TrackingCode) ?? ""));
                if (!words.All(w => text.Contains(w, StringComparison.Ordinal))) continue;
            }
            found.Add((d.UpdatedAt, d.Id.Value, QueueRow(s, unitName, PathOf(unit))));
        }
        // Ties broken by id, so that pages cut the same order every time.
        var ordered = found.OrderByDescending(f => f.UpdatedAt).ThenBy(f => f.Id, StringComparer.Ordinal).Select(f => f.Summary);
        if (page is null && pageSize is null) return Results.Ok(ordered.ToList());
        var size = pageSize ?? 50;
        http.Response.Headers[TotalCountHeader] = found.Count.ToString(CultureInfo.InvariantCulture);
        var skip = (int)Math.Min(int.MaxValue, ((long)(page ?? 1) - 1) * size);
        return Results.Ok(ordered.Skip(skip).Take(size).ToList());
    }

    /// <summary>
    /// <c>GET /api/dossiers/{id}/quota</c>: the quota the plan sets for this dossier's nominating unit, nominee kind and
    /// award form (count, clause, who it binds), and which dossiers hold its slots now. <c>applies</c> is false when the
    /// plan sets none.
    /// </summary>
    public async Task<IResult> QuotaAsync(DossierId id, CancellationToken ct)
    {
        var s = await store.GetAsync(id, ct);
        if (s is null) return DossierProblems.DossierNotFound();
        var d = s.Dossier;
        var plan = views.PlanOf(d);
        var body = await bodies.OfAsync(d, ct);
        var limit = rules.QuotaFor(plan, d.AwardFormId, d.Nominee.Kind, body, d.Nominee.Level, PlanUnits.WithinDuring(plan, Domain.Units.UnitRegistry.Embedded, units.IsWithin));
        var unit = new { code = d.NominatingUnitCode.Value, name = DossierViews.UnitName(d.NominatingUnitCode.Value) };
        if (limit is null)
            return Results.Json(new { dossierId = d.Id.Value, applies = false, unit, awardFormId = d.AwardFormId, nomineeKind = Domain.Plans.SubjectKinds.ToContract(d.Nominee.Kind) }, DossierStorageNames.Json);
        var slots = await store.GetQuotaAsync(d.NominatingUnitCode.Value, DossierStore.QuotaKey(d), ct);
        var holders = new List<object>();
        foreach (var holder in slots.Holders)
        {
            // A holder is a dossier of the same unit (same partition), so the caller may read it too.
            var name = DossierId.TryParse(holder, out var hid) && await store.GetAsync(hid, ct) is { } h ? h.Dossier.Nominee.Name : null;
            holders.Add(new { id = holder, nominee = name });
        }
        return Results.Json(new
        {
            dossierId = d.Id.Value,
            applies = true,
            unit,
            awardFormId = d.AwardFormId,
            nomineeKind = Domain.Plans.SubjectKinds.ToContract(d.Nominee.Kind),
            limit = limit.Count,
            used = slots.Holders.Count,
            holdsSlot = slots.Holders.Contains(d.Id.Value),
            clause = limit.Clause,
            nominator = limit.Nominator,
            nominatorBodyId = d.NominatingBodyId,
            level = limit.Level,
            text = limit.Text,
            holders,
        }, DossierStorageNames.Json);
    }

    private static object QueueRow(StoredDossier s, string unitName, string unitPath) => new
    {
        id = s.Dossier.Id.Value,
        planId = s.Dossier.PlanId.Value,
        stage = new { kind = DossierChecks.Word(s.Dossier.Stage.Kind), year = s.Dossier.Stage.Year },
        nominatingUnitCode = s.Dossier.NominatingUnitCode.Value,
        nominatingUnitName = unitName,
        nominatingUnitPath = unitPath,
        nominee = new { s.Dossier.Nominee.Kind, s.Dossier.Nominee.Name, s.Dossier.Nominee.UnitCode },
        trackingCode = s.Dossier.TrackingCode,
        createdAt = s.Dossier.CreatedAt,
        s.Dossier.AwardFormId,
        s.Dossier.Status,
        s.Dossier.Revision,
        verdict = s.Dossier.Evaluation?.Verdict,
        s.Dossier.Reviewer,
        s.Dossier.SubmittedAt,
        s.Dossier.UpdatedAt,
        etag = s.ETag,
    };
}
