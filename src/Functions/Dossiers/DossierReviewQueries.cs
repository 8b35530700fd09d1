using System.Globalization;
using System.Text;
using System.Text.Json;
using NoOneLeftBehind.Domain.Dossiers;
using NoOneLeftBehind.Domain.Identity;
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
internal sealed partial class DossierService
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
        var words = SearchWords(q);
        var paths = new Dictionary<string, string>(StringComparer.Ordinal);
        string PathOf(string code) => paths.TryGetValue(code, out var p) ? p : paths[code] = UnitPath(code);
        var found = new List<(DateTimeOffset UpdatedAt, string Id, object Summary)>();
        await foreach (var s in store.ListAsync(partition, planId, statuses, ct))
        {
            var d = s.Dossier;
            if (!filter.Matches(d.NominatingUnitCode)) continue;
            if (stageWord is not null && DossierChecks.Word(d.Stage.Kind) != stageWord) continue;
            if (stageYear is not null && d.Stage.Year != stageYear) continue;
            var unitName = UnitName(d.NominatingUnitCode);
            if (words.Count > 0)
            {
                var text = Fold(string.Join(' ', d.Nominee.Name, PathOf(d.NominatingUnitCode), d.Nominee.UnitCode is null ? "" : PathOf(d.Nominee.UnitCode), d.Id));
                if (!words.All(w => text.Contains(w, StringComparison.Ordinal))) continue;
            }
            found.Add((d.UpdatedAt, d.Id, QueueRow(s, unitName, PathOf(d.NominatingUnitCode))));
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
        var plan = Plan(d);
        var limit = rules.QuotaFor(plan, d.AwardFormId, d.Nominee.Kind, d.NominatingUnitCode, units.IsWithin);
        var unit = new { code = d.NominatingUnitCode, name = UnitName(d.NominatingUnitCode) };
        if (limit is null)
            return Results.Json(new { dossierId = d.Id, applies = false, unit, awardFormId = d.AwardFormId, nomineeKind = Domain.Plans.SubjectKinds.ToContract(d.Nominee.Kind) }, DossierStorageNames.Json);
        var slots = await store.GetQuotaAsync(d.NominatingUnitCode, DossierStore.QuotaKey(d), ct);
        var holders = new List<object>();
        foreach (var holder in slots.Holders)
        {
            // A holder is a dossier of the same unit (same partition), so the caller may read it too.
            var name = DossierId.TryParse(holder, out var hid) && await store.GetAsync(hid, ct) is { } h ? h.Dossier.Nominee.Name : null;
            holders.Add(new { id = holder, nominee = name });
        }
        return Results.Json(new
        {
            dossierId = d.Id,
            applies = true,
            unit,
            awardFormId = d.AwardFormId,
            nomineeKind = Domain.Plans.SubjectKinds.ToContract(d.Nominee.Kind),
            limit = limit.Count,
            used = slots.Holders.Count,
            holdsSlot = slots.Holders.Contains(d.Id),
            clause = limit.Clause,
            nominator = limit.Nominator,
            text = limit.Text,
            holders,
        }, DossierStorageNames.Json);
    }

    /// <summary>Lower case, without diacritics, đ → d: "Huyện Chư Pưh" → "huyen chu puh".</summary>
    internal static string Fold(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            builder.Append(c switch
            {
                'đ' or 'Đ' => 'd',
                _ => char.ToLowerInvariant(c),
            });
        }
        return builder.ToString().Normalize(NormalizationForm.FormC);
    }

    private static List<string> SearchWords(string? q) =>
        string.IsNullOrWhiteSpace(q) ? [] : [.. Fold(q).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    /// <summary>
    /// "Xã Ia Hrú, Huyện Chư Pưh, Tỉnh Gia Lai (23971)": the unit and its ancestors, over every version the code had
    /// (a commune keeps its old district's name after the 2025 reform, so "Chu Puh" still finds it).
    /// </summary>
    internal static string UnitPath(string code)
    {
        if (!Domain.Units.UnitCode.TryParse(code, out var unitCode)) return code;
        var registry = Domain.Units.UnitRegistry.Embedded;
        var names = new List<string>();
        foreach (var version in registry.VersionsOf(unitCode))
        {
            var date = version.ValidTo is { } to ? to.AddDays(-1) : version.ValidFrom ?? new DateOnly(2024, 1, 1);
            if (!names.Contains(version.FullName)) names.Add(version.FullName);
            foreach (var ancestor in registry.AncestorsOf(unitCode, date))
            {
                if (!names.Contains(ancestor.FullName)) names.Add(ancestor.FullName);
            }
        }
        return names.Count == 0 ? code : $"{string.Join(", ", names)} ({code})";
    }

    private static object QueueRow(StoredDossier s, string unitName, string unitPath) => new
    {
        s.Dossier.Id,
        s.Dossier.PlanId,
        stage = new { kind = DossierChecks.Word(s.Dossier.Stage.Kind), year = s.Dossier.Stage.Year },
        s.Dossier.NominatingUnitCode,
        nominatingUnitName = unitName,
        nominatingUnitPath = unitPath,
        nominee = new { s.Dossier.Nominee.Kind, s.Dossier.Nominee.Name, s.Dossier.Nominee.UnitCode },
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
