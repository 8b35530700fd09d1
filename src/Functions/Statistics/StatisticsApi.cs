using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;
using NoOneLeftBehind.Domain.Identity;
using NoOneLeftBehind.Domain.Plans;
using NoOneLeftBehind.Domain.Statistics;
using NoOneLeftBehind.Domain.Statistics.Import;
using NoOneLeftBehind.Domain.Units;
using NoOneLeftBehind.Functions.Hosting;
using NoOneLeftBehind.Functions.Identity;
using NoOneLeftBehind.Infrastructure.Statistics;
using NoOneLeftBehind.Infrastructure.Statistics.Import;
using NoOneLeftBehind.Infrastructure.Statistics.Storage;

namespace NoOneLeftBehind.Functions.Statistics;

/// <summary>The statistics HTTP functions: bind, call the read models or the import, map to JSON.</summary>
internal static class StatisticsApi
{
    /// <summary>Response header: how many table entities the request read (the read models' cost).</summary>
    public const string EntitiesReadHeader = "X-Entities-Read";

    /// <summary>The W3C Server-Timing header: the time spent reading storage, shown by browsers' developer tools.</summary>
    public const string ServerTimingHeader = "Server-Timing";

    /// <summary>Response header of the unit views: how many storage queries the request made (1 for a unit with children).</summary>
    public const string QueriesHeader = "X-Storage-Queries";

    private const int FirstYear = 2000;
    private const int LastYear = 2100;
    private const int MaxPageSize = 500;

    // GET /api/statistics/units/{unitCode}?basis=historical|2025&from=&to=&baseline=&page=&pageSize=&include=targets&planId=&childFrom=&childTo=
    // include=targets adds what GET …/targets answers, computed from the same read (one request and one query for a drill step);
    // childFrom/childTo narrow the children's years (default from/to), e.g. to the year shown and the one before.
    // asOf=<year>: the unit as it was in that year (default: the last year with figures) when its code named another unit in
    // other years (historical boundaries: 24 is Bắc Giang until 2024, Bắc Ninh from 2025); the series and children are that unit's.
    public static async Task<IResult> UnitAsync(
        string unitCode, string? basis, int? from, int? to, int? baseline, int? page, int? pageSize, string? include, string? planId,
        int? childFrom, int? childTo, int? asOf, ProjectionReader reader, PlanCatalogue catalogue, ICurrentUser user, HttpContext http, CancellationToken ct)
    {
        var q = Query(basis, from, to, page, pageSize);
        if (q.Error is { } error) return error;
        if (childFrom is not null || childTo is not null)
        {
            var (cf, ct2) = (childFrom ?? q.From, childTo ?? q.To);
            if (cf is < FirstYear or > LastYear || ct2 is < FirstYear or > LastYear || cf > ct2)
                return Bad("childFrom", $"Khoảng năm của đơn vị cấp dưới {cf}–{ct2} không hợp lệ.", $"The children's year range {cf}–{ct2} is not valid.");
            q = q with { ChildFrom = cf, ChildTo = ct2 };
        }
        if (asOf is < FirstYear or > LastYear)
            return Bad("asOf", $"Năm asOf {asOf} không hợp lệ.", $"The year asOf {asOf} is not valid.");
        if (include is not (null or "targets"))
            return Bad("include", $"Giá trị include '{include}' không có; chỉ dùng 'targets'.", $"Unknown include '{include}'; only 'targets' is supported.");
        IReadOnlyList<Plan>? plans = null;
        if (include == "targets" && PlansOf(planId, catalogue, out plans) is { } planError) return planError;
        return await UnitViewAsync(unitCode, includeSelf: true, q, baseline, plans, reader, user, http, ct, asOf);
    }

    // GET /api/statistics/national?basis=&from=&to=&baseline=&page=&pageSize=
    public static async Task<IResult> NationalAsync(
        string? basis, int? from, int? to, int? baseline, int? page, int? pageSize,
        ProjectionReader reader, ICurrentUser user, HttpContext http, CancellationToken ct)
    {
        var q = Query(basis, from, to, page, pageSize);
        if (q.Error is { } error) return error;
        // Everyone sees the provinces of their scope; the national total only those whose scope is national.
        return await UnitViewAsync(ProjectionKeys.National, includeSelf: user.CanRead(ProjectionKeys.National), q, baseline, targetPlans: null, reader, user, http, ct);
    }

    private static async Task<IResult> UnitViewAsync(
        string unit, bool includeSelf, ListQuery q, int? baseline, IReadOnlyList<Plan>? targetPlans, ProjectionReader reader, ICurrentUser user,
        HttpContext http, CancellationToken ct, int? asOf = null)
    {
        var started = Stopwatch.GetTimestamp();
        var view = await reader.UnitWithChildrenAsync(unit, q.Basis, q.ChildFrom, q.ChildTo, includeSelf, ct);
        http.Response.Headers[ServerTimingHeader] = StorageTiming(started);
        // One series per unit version: a code that named another unit in other years (historical boundaries) is that unit's
        // only, with the name in force in its years; the children are those of the version shown.
        var versions = new UnitVersions(q.Basis, UnitRegistry.Embedded);
        var inRange = view.Self.Where(r => r.Year >= q.From && r.Year <= q.To).ToList();
        var (selfVersion, self) = versions.Select(unit, inRange, asOf ?? (inRange.Count > 0 ? inRange[^1].Year : q.To));
        var children = selfVersion is null ? view.Children : view.Children.Where(r => Equals(versions.At(unit, r.Year), selfVersion));
        var readable = user.WhereReadable(children, r => r.Unit)
            .GroupBy(r => (r.Unit, Version: versions.Of(r)))
            .OrderBy(g => g.Key.Unit, StringComparer.Ordinal).ThenBy(g => g.Key.Version?.ValidFrom ?? DateOnly.MinValue)
            .ToList();
        http.Response.Headers[EntitiesReadHeader] = view.EntitiesRead.ToString(CultureInfo.InvariantCulture);
        http.Response.Headers[QueriesHeader] = view.Queries.ToString(CultureInfo.InvariantCulture);
        var items = readable.Skip((q.Page - 1) * q.PageSize).Take(q.PageSize)
            .Select(g => new UnitSeriesDto(g.Key.Unit, g.Key.Version?.FullName ?? g.OrderBy(r => r.Year).Last().Name, g.First().Level, Points([.. g], baseline))
            {
                ValidFrom = g.Key.Version?.ValidFrom?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ValidTo = g.Key.Version?.ValidTo?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            })
            .ToList();
        var latest = self.Count > 0 ? self[^1] : null;
        // Targets of the plans that govern the version shown (whatever their period: the dashboard shows those whose period
        // covers the year it shows), over its whole series from the baseline, never over another unit's years under the same code.
        var targets = targetPlans is null ? null
            : Targets(selfVersion, selfVersion is null ? view.Self : [.. view.Self.Where(r => Equals(versions.At(unit, r.Year), selfVersion))], targetPlans, year: null);
        return Results.Ok(new UnitViewDto(
            includeSelf
                ? new UnitSeriesDto(unit, selfVersion?.FullName ?? latest?.Name ?? NameOf(unit, q), latest?.Level ?? LevelOf(unit), Points(self, baseline))
                {
                    ValidFrom = selfVersion?.ValidFrom?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    ValidTo = selfVersion?.ValidTo?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    Version = selfVersion is null ? null : versions.Describe(selfVersion),
                }
                : null,
            q.Basis.Key(),
            new PageDto<UnitSeriesDto>(items, q.Page, q.PageSize, readable.Count),
            targets));
    }

    // GET /api/statistics/units/{unitCode}/ranking?year=&measure=&basis=&order=asc|desc&page=&pageSize=
    public static async Task<IResult> RankingAsync(
        string unitCode, int? year, string? measure, string? basis, string? order, int? page, int? pageSize,
        ProjectionReader reader, ICurrentUser user, HttpContext http, CancellationToken ct)
    {
        var q = Query(basis, null, null, page, pageSize);
        if (q.Error is { } error) return error;
        if (!Measures.TryGetValue(measure ?? "poor-rate", out var value))
            return Bad("measure", $"Chỉ tiêu '{measure}' không có; dùng một trong: {string.Join(", ", Measures.Keys)}.", $"Unknown measure '{measure}'; use one of: {string.Join(", ", Measures.Keys)}.");
        if (order is not (null or "asc" or "desc"))
            return Bad("order", "Thứ tự phải là 'asc' hoặc 'desc'.", "Order must be 'asc' or 'desc'.");
        var started = Stopwatch.GetTimestamp();
        var children = await reader.ChildrenAsync(unitCode, q.Basis, year is { } y ? y - 1 : FirstYear, year ?? LastYear, ct);
        http.Response.Headers[ServerTimingHeader] = StorageTiming(started);
        http.Response.Headers[EntitiesReadHeader] = children.EntitiesRead.ToString(CultureInfo.InvariantCulture);
        var rows = user.WhereReadable(children.Rows, r => r.Unit).ToList();
        var rankYear = year ?? (rows.Count > 0 ? rows.Max(r => r.Year) : 0);
        var previous = rows.Where(r => r.Year == rankYear - 1).ToDictionary(r => r.Unit, StringComparer.Ordinal);
        var ranked = rows.Where(r => r.Year == rankYear)
            .Select(r => (Row: r, Value: value(r.Counts, previous.GetValueOrDefault(r.Unit)?.Counts)))
            .Where(x => x.Value is not null)
            .OrderBy(x => order == "asc" ? x.Value : -x.Value).ThenBy(x => x.Row.Unit, StringComparer.Ordinal)
            .Select((x, i) => new RankedDto(i + 1, x.Row.Unit, x.Row.Name, x.Row.Level, Round(x.Value!.Value), x.Row.Counts.Households, x.Row.Counts.Poor, x.Row.Counts.NearPoor))
            .ToList();
        return Results.Ok(new RankingDto(unitCode, q.Basis.Key(), rankYear, measure ?? "poor-rate", order ?? "desc",
            new PageDto<RankedDto>([.. ranked.Skip((q.Page - 1) * q.PageSize).Take(q.PageSize)], q.Page, q.PageSize, ranked.Count)));
    }

    // GET /api/statistics/units/{unitCode}/targets?planId=&basis=&year=
    // The targets of the plans that govern the unit (the version in force in `year`, default: that of its latest figures);
    // with `year`, only the plans whose period covers it.
    public static async Task<IResult> TargetsAsync(
        string unitCode, string? planId, string? basis, int? year, ProjectionReader reader, PlanCatalogue catalogue, HttpContext http, CancellationToken ct)
    {
        var q = Query(basis, null, null, null, null);
        if (q.Error is { } error) return error;
        if (year is < FirstYear or > LastYear)
            return Bad("year", $"Năm {year} không hợp lệ.", $"The year {year} is not valid.");
        if (PlansOf(planId, catalogue, out var plans) is { } planError) return planError;
        var started = Stopwatch.GetTimestamp();
        var read = await reader.SeriesAsync(unitCode, q.Basis, FirstYear, LastYear, ct);
        http.Response.Headers[ServerTimingHeader] = StorageTiming(started);
        http.Response.Headers[EntitiesReadHeader] = read.EntitiesRead.ToString(CultureInfo.InvariantCulture);
        var versions = new UnitVersions(q.Basis, UnitRegistry.Embedded);
        var (version, rows) = versions.Select(unitCode, read.Rows, year ?? (read.Rows.Count > 0 ? read.Rows.Max(r => r.Year) : LastYear));
        return Results.Ok(new TargetsDto(unitCode, q.Basis.Key(), Targets(version, rows, plans, year)) { Year = year });
    }

    // POST /api/statistics/imports (multipart/form-data with a "file" part, or the raw file with ?fileName=)
    public static async Task<IResult> UploadAsync(
        string? fileName, HttpContext http, ICurrentUser user, ReviewImportProcessor processor, ReviewFileImporter importer,
        UnitGeography geography, IUnitHierarchy units, IOptions<StatisticsApiOptions> options, CancellationToken ct)
    {
        var max = options.Value.MaxUploadBytes;
        // A form adds its boundaries and part headers around a file of up to max bytes; the file itself is checked below.
        if (http.Request.ContentLength is { } length && length > (http.Request.HasFormContentType ? RequestBodyLimits.BodyLimitFor(max) : max))
            return TooLarge(max);
        byte[] content;
        string name;
        if (http.Request.HasFormContentType)
        {
            var form = await http.Request.ReadFormAsync(ct);
            var file = form.Files.GetFile("file") ?? (form.Files.Count == 1 ? form.Files[0] : null);
            if (file is null) return Bad("file", "Thiếu tệp: gửi tệp CSV hoặc XLSX trong trường 'file'.", "No file: send the CSV or XLSX file in the form field 'file'.");
            if (file.Length > max) return TooLarge(max);
            name = Path.GetFileName(file.FileName);
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, ct);
            content = buffer.ToArray();
        }
        else
        {
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer, ct);
            if (buffer.Length > max) return TooLarge(max);
            content = buffer.ToArray();
            name = Path.GetFileName(fileName ?? "");
            if (name.Length == 0) return Bad("fileName", "Thiếu tên tệp (?fileName=...).", "The file name is missing (?fileName=...).");
        }
        if (string.IsNullOrWhiteSpace(name)) name = "upload";

        // Read once here for the scope check (every row's unit must be within the caller's scope);
        // the background function reads the stored file again and is the one that decides.
        var result = importer.Import(name, content);
        if (result.Batch is not { } batch)
            return InvalidFile(result.Problems);
        var scope = user.Scope!.UnitCode;
        var outside = batch.Rows.Where(r => !Within(geography, scope, r.Figures) && !units.IsWithin(r.Figures.Unit.Value, scope)).ToList();
        if (outside.Count > 0)
            return OutsideScope(scope, outside);

        var job = await processor.SubmitAsync(name, content, new Uploader(user.Key!.Value.ObjectId.ToString(), user.Name, scope), ct);
        var location = "/api/statistics/imports/" + job.ImportId;
        return job.AlreadyImported
            ? Results.Ok(ToDto(job, []))
            : Results.Accepted(location, ToDto(job, []));
    }

    // GET /api/statistics/imports/{importId}
    public static async Task<IResult> ImportStatusAsync(string importId, ImportJobStore jobs, ICurrentUser user, CancellationToken ct)
    {
        if (importId.Length is 0 or > 64 || !importId.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')) return NotFound(importId);
        var job = await jobs.GetAsync(importId, ct);
        var mine = job is not null && string.Equals(job.UploadedByOid, user.Key?.ObjectId.ToString(), StringComparison.OrdinalIgnoreCase);
        if (job is null || !(mine || (job.ScopeUnit is { } s && user.CanRead(s)))) return NotFound(importId);
        var problems = job.ProblemCount > 0 ? await jobs.GetProblemsAsync(importId, 1000, ct) : [];
        return Results.Ok(ToDto(job, problems));
    }

    // GET /api/statistics/versions: every accepted file, whether it is current, who brought it and when.
    public static async Task<IResult> VersionsAsync(StatisticsStore store, ICurrentUser user, CancellationToken ct)
    {
        var head = await store.GetHeadAsync(ct);
        var batches = await store.ListBatchesAsync(ct);
        var position = head.Manifest.Select((v, i) => (v, i)).ToDictionary(x => x.v, x => x.i + 1, StringComparer.Ordinal);
        var oid = user.Key?.ObjectId.ToString();
        var visible = batches
            .Where(b => string.Equals(b.UploadedByOid, oid, StringComparison.OrdinalIgnoreCase) || b.Keys.Any(k => user.CanRead(k.Province)))
            .OrderByDescending(b => position.GetValueOrDefault(b.VersionId))
            .Select(b => new VersionDto(b.VersionId, position.ContainsKey(b.VersionId), position.TryGetValue(b.VersionId, out var p) ? p : null,
                b.FileName, b.Sheet, b.RowCount, b.Years, b.UploadedByOid, b.UploadedByName, b.UploadedAt, b.ImportId))
            .ToList();
        return Results.Ok(visible);
    }

    // GET /api/statistics/template/{format?}: the Vietnamese template, xlsx (default) or csv.
    public static IResult Template(string? format) => (format ?? "xlsx").ToLowerInvariant() switch
    {
        "xlsx" => Results.File(ReviewFileWriter.XlsxTemplate(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "mau-ket-qua-ra-soat-ho-ngheo.xlsx"),
        "csv" => Results.File(ReviewFileWriter.CsvTemplate(), "text/csv; charset=utf-8", "mau-ket-qua-ra-soat-ho-ngheo.csv"),
        _ => ApiProblem.Create(StatusCodes.Status404NotFound, "unknown-template", new("Không có mẫu", "No such template"),
            new($"Định dạng '{format}' không có; dùng 'xlsx' hoặc 'csv'.", $"Format '{format}' is not available; use 'xlsx' or 'csv'.")),
    };

    // A row is the scope's if its unit lay within the scope in the figure's year, or if the scope took over its whole
    // territory since (ADR 0010: the new Gia Lai's statistician imports the old Gia Lai's history).
    private static bool Within(UnitGeography geography, string scope, UnitYearFigures figures) =>
        scope == ScopeUnitCodes.National
        || (UnitCode.TryParse(scope, out var s) && geography.Registry.IsWithin(figures.Unit, s, ReviewCalendar.ReferenceDate(figures.Year)));

    /// <summary>The plans that <c>planId</c> names (all when null); an error result when it names none.</summary>
    private static IResult? PlansOf(string? planId, PlanCatalogue catalogue, out IReadOnlyList<Plan> plans)
    {
        plans = [.. catalogue.Plans.Where(p => planId is null || p.Id == planId)];
        return plans.Count > 0 ? null
            : Bad("planId", $"Không có kế hoạch '{planId}'. Các kế hoạch: {string.Join(", ", catalogue.PlanIds)}.", $"Unknown plan '{planId}'. Known plans: {string.Join(", ", catalogue.PlanIds)}.");
    }

    /// <summary>
    /// The targets of the <paramref name="plans"/> that govern <paramref name="unit"/> (<see cref="PlanGovernance"/>: by the
    /// units the plan governed in its period; with <paramref name="year"/>, only plans whose period covers it), evaluated on
    /// the unit's yearly rows. None for a unit the registry does not know (the nation).
    /// </summary>
    private static List<TargetDto> Targets(AdministrativeUnit? unit, IReadOnlyList<ProjectedTotal> rows, IReadOnlyList<Plan> plans, int? year)
    {
        var result = new List<TargetDto>();
        if (unit is null) return result;
        var series = new PovertySeries(rows.Select(r => (r.Year, r.Counts)));
        foreach (var plan in plans)
        {
            if (year is { } shown && !PlanGovernance.Covers(plan, shown)) continue;
            if (PlanGovernance.GoverningUnit(plan, unit, UnitRegistry.Embedded, year) is not { } governed) continue;
            var source = new TargetPlanDto(plan.Title, new PlanPeriodDto(plan.Period.From, plan.Period.To), new GovernedUnitDto(governed.Code.Value, governed.FullName));
            foreach (var target in plan.Targets)
            {
                // The rule ("bình quân" or every year) and its strictness ("trên") come from the plan's data.
                var measure = Kebab(target.Measure.ToString());
                if (PlanTarget.Of(plan, target) is not { } planTarget)
                {
                    result.Add(new TargetDto(plan.Id, target.Id, target.Clause, target.Text, target.Scope, null, null, "not-measured", null, [], measure, null) { Plan = source });
                    continue;
                }
                var progress = TargetProgressCalculator.Evaluate(series, planTarget);
                result.Add(new TargetDto(plan.Id, target.Id, target.Clause, target.Text, target.Scope, Kebab(planTarget.Rule.ToString()), planTarget.Amount,
                    Kebab(progress.Status.ToString()), progress.LatestYear,
                    [.. progress.Years.Select(y => new TargetYearDto(y.Year, Round(y.Actual), Round(y.Expected), Round(y.FallFromPreviousYear), y.OnPath))],
                    measure, planTarget.Strict) { Plan = source, BaselineYear = planTarget.BaselineYear, EndYear = planTarget.EndYear });
            }
        }
        return result;
    }

    private static string StorageTiming(long started) =>
        string.Create(CultureInfo.InvariantCulture, $"storage;dur={Stopwatch.GetElapsedTime(started).TotalMilliseconds:0.0}");

    private static List<PointDto> Points(IReadOnlyList<ProjectedTotal> rows, int? baseline)
    {
        var series = new PovertySeries(rows.Select(r => (r.Year, r.Counts)));
        return [.. rows.OrderBy(r => r.Year).Select(r =>
        {
            var c = r.Counts;
            return new PointDto(r.Year, c.Households, c.Poor, c.NearPoor,
                Round(c.PoorRate.Percent), Round(c.NearPoorRate.Percent), Round(c.PoorAndNearPoorRate.Percent),
                Round(series.FallFromPreviousYear(PovertyIndicator.PoorRate, r.Year)),
                Round(series.FallFromPreviousYear(PovertyIndicator.PoorAndNearPoorRate, r.Year)),
                baseline is { } b ? Round(series.ChangeSinceBaseline(PovertyIndicator.PoorRate, b, r.Year)) : null,
                baseline is { } b2 ? Round(series.ChangeSinceBaseline(PovertyIndicator.PoorAndNearPoorCount, b2, r.Year)) : null,
                c.Minority?.Households, c.Minority?.Poor, c.Minority?.NearPoor, Round(c.MinorityPoorRate?.Percent),
                r.ContributingUnits);
        })];
    }

    private static readonly Dictionary<string, Func<HouseholdCounts, HouseholdCounts?, decimal?>> Measures = new(StringComparer.Ordinal)
    {
        ["poor-rate"] = (c, _) => c.PoorRate.Percent,
        ["near-poor-rate"] = (c, _) => c.NearPoorRate.Percent,
        ["poor-and-near-poor-rate"] = (c, _) => c.PoorAndNearPoorRate.Percent,
        ["minority-poor-rate"] = (c, _) => c.MinorityPoorRate?.Percent,
        ["poor-count"] = (c, _) => c.Poor,
        ["poor-and-near-poor-count"] = (c, _) => c.PoorAndNearPoor,
        ["households"] = (c, _) => c.Households,
        ["poor-rate-fall"] = (c, p) => p is { } before ? before.PoorRate.Percent - c.PoorRate.Percent : null,
    };

    private static ListQuery Query(string? basis, int? from, int? to, int? page, int? pageSize)
    {
        var errors = new List<(string, string, string)>();
        if (!ProjectionKeys.TryParse(basis, out var b)) errors.Add(("basis", "Cơ sở địa giới phải là 'historical' hoặc '2025'.", "basis must be 'historical' or '2025'."));
        var f = from ?? 2015;
        var t = to ?? 2025;
        if (f is < FirstYear or > LastYear || t is < FirstYear or > LastYear || f > t) errors.Add(("from", $"Khoảng năm {f}–{t} không hợp lệ.", $"The year range {f}–{t} is not valid."));
        var p = page ?? 1;
        var size = pageSize ?? 100;
        if (p < 1) errors.Add(("page", "Trang phải từ 1.", "page must be at least 1."));
        if (size is < 1 or > MaxPageSize) errors.Add(("pageSize", $"Cỡ trang từ 1 đến {MaxPageSize}.", $"pageSize must be 1 to {MaxPageSize}."));
        var error = errors.Count == 0 ? null : InvalidQuery(errors.Select(e => new ProblemItem("invalid-value", e.Item2, e.Item3) { Field = e.Item1 }));
        return new ListQuery(b, f, t, p, size, error);
    }

    private static IResult InvalidQuery(IEnumerable<ProblemItem> problems) =>
        ApiProblem.Invalid("invalid-statistics-query", ApiProblem.InvalidRequestTitle, problems);

    private static IResult Bad(string field, string vi, string en) => InvalidQuery([new ProblemItem("invalid-value", vi, en) { Field = field }]);

    /// <summary>413: the file is over <c>Statistics:MaxUploadBytes</c>.</summary>
    internal static IResult TooLarge(long max) => ApiProblem.Create(StatusCodes.Status413PayloadTooLarge, "file-too-large",
        new("Tệp quá lớn", "File too large"),
        new($"Tệp vượt quá {Mib(max)} MB ({max} byte).", $"The file exceeds {Mib(max)} MB ({max} bytes)."),
        extensions: new Dictionary<string, object?> { ["limitBytes"] = max });

    private static string Mib(long bytes) => (bytes / (1024m * 1024)).ToString("0.##", CultureInfo.InvariantCulture);

    private static IResult NotFound(string importId) => ApiProblem.Create(StatusCodes.Status404NotFound, "unknown-import",
        new("Không có lượt nhập", "No such import"),
        new($"Không có lượt nhập '{importId}' mà bạn được xem.", $"There is no import '{importId}' you may see."));

    private static IResult InvalidFile(IReadOnlyList<ImportProblem> problems) => ApiProblem.Create(
        StatusCodes.Status400BadRequest,
        "invalid-review-file",
        new("Tệp có lỗi, không nhập gì", "The file has problems; nothing was imported"),
        new($"{problems.Count} lỗi; xem 'problems' (tệp, trang, dòng, cột, lý do).", $"{problems.Count} problems; see 'problems' (file, sheet, row, column, reason)."),
        problems.Take(1000).Select(p => ProblemDto.From(p).ToItem()),
        new Dictionary<string, object?> { ["problemCount"] = problems.Count });

    private static IResult OutsideScope(string scope, List<ReviewBatchRow> rows) => ApiProblem.Create(
        StatusCodes.Status403Forbidden,
        "units-outside-scope",
        new("Đơn vị ngoài phạm vi", "Units outside your scope"),
        new($"{rows.Count} dòng có đơn vị không thuộc phạm vi {scope} của bạn (dòng {string.Join(", ", rows.Take(20).Select(r => r.Row))}); không nhập gì.",
            $"{rows.Count} rows name units outside your scope {scope} (rows {string.Join(", ", rows.Take(20).Select(r => r.Row))}); nothing was imported."),
        extensions: new Dictionary<string, object?>
        {
            ["scope"] = scope,
            ["rows"] = rows.Take(1000).Select(r => new OutsideRowDto(r.Row, r.Figures.Unit.Value, r.Figures.Year)).ToList(),
        });

    private static ImportDto ToDto(ImportJob job, IReadOnlyList<ImportProblem> problems) => new(
        job.ImportId, Kebab(job.Status.ToString()), job.FileName, job.VersionId, job.RowsProcessed, job.RowsTotal, job.ProblemCount,
        [.. problems.Select(ProblemDto.From)], job.Error, job.AlreadyImported, job.UploadedByName, job.CreatedAt, job.UpdatedAt,
        "/api/statistics/imports/" + job.ImportId);

    private static string NameOf(string unit, ListQuery q) =>
        unit == ProjectionKeys.National ? "Toàn quốc"
        : UnitCode.TryParse(unit, out var c) && UnitRegistry.Embedded.Find(c, q.Basis == ProjectionBasis.Reform2025 ? UnitGeography.ReformDate : ReviewCalendar.ReferenceDate(q.To)) is { } u ? u.FullName : unit;

    private static string LevelOf(string unit) => unit == ProjectionKeys.National ? "National" : "";

    private static decimal? Round(decimal? value) => value is { } v ? Math.Round(v, 4, MidpointRounding.AwayFromZero) : null;

    private static decimal Round(decimal value) => Math.Round(value, 4, MidpointRounding.AwayFromZero);

    private static string Kebab(string pascal) => System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(pascal);

    private sealed record ListQuery(ProjectionBasis Basis, int From, int To, int Page, int PageSize, IResult? Error)
    {
        /// <summary>The children's years (unit views): from..to unless narrowed.</summary>
        public int ChildFrom { get; init; } = From;

        /// <inheritdoc cref="ChildFrom"/>
        public int ChildTo { get; init; } = To;
    }
}

internal sealed record PageDto<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total);

internal sealed record PointDto(
    int Year, long Households, long Poor, long NearPoor, decimal PoorRate, decimal NearPoorRate, decimal PoorAndNearPoorRate,
    decimal? PoorRateFall, decimal? PoorAndNearPoorRateFall, decimal? PoorRateChangeSinceBaseline, decimal? PoorAndNearPoorCountChangeSinceBaseline,
    long? MinorityHouseholds, long? MinorityPoor, long? MinorityNearPoor, decimal? MinorityPoorRate, int ContributingUnits);

internal sealed record UnitSeriesDto(string Code, string Name, string Level, IReadOnlyList<PointDto> Years)
{
    /// <summary>First day of the unit version the series is of (null: before the registry's coverage, or VN).</summary>
    public string? ValidFrom { get; init; }

    /// <summary>First day the version no longer held (null while it holds).</summary>
    public string? ValidTo { get; init; }

    /// <summary>The unit's own series only: its period and what it came from or became.</summary>
    public UnitVersionDto? Version { get; init; }
}

internal sealed record UnitViewDto(UnitSeriesDto? Unit, string Basis, PageDto<UnitSeriesDto> Children, IReadOnlyList<TargetDto>? Targets);

internal sealed record RankedDto(int Rank, string Code, string Name, string Level, decimal Value, long Households, long Poor, long NearPoor);

internal sealed record RankingDto(string Unit, string Basis, int Year, string Measure, string Order, PageDto<RankedDto> Children);

internal sealed record TargetYearDto(int Year, decimal? Actual, decimal? Expected, decimal? Fall, bool? OnPath);

internal sealed record TargetDto(string PlanId, string TargetId, string Clause, string Text, string Scope, string? Rule, decimal? Amount,
    string Status, int? LatestYear, IReadOnlyList<TargetYearDto> Years, string Measure, bool? MinExclusive)
{
    /// <summary>The plan in words (title, period) and the unit it governs through which it applies to this one.</summary>
    public TargetPlanDto? Plan { get; init; }

    /// <summary>The baseline (đầu kỳ) year of a measured target.</summary>
    public int? BaselineYear { get; init; }

    /// <summary>The last year of a measured target.</summary>
    public int? EndYear { get; init; }
}

/// <summary>A target's plan: its title as in the document, its period, and the governed unit (the unit itself or one it lies within).</summary>
internal sealed record TargetPlanDto(string Title, PlanPeriodDto Period, GovernedUnitDto Governs);

internal sealed record PlanPeriodDto(int From, int To);

internal sealed record GovernedUnitDto(string Code, string Name);

internal sealed record TargetsDto(string Unit, string Basis, IReadOnlyList<TargetDto> Targets)
{
    /// <summary>The year asked for (<c>?year=</c>): only plans whose period covers it; null when not asked.</summary>
    public int? Year { get; init; }
}

internal sealed record OutsideRowDto(int Row, string UnitCode, int Year);

internal sealed record ProblemDto(string File, string? Sheet, int? Row, int? Column, string? ColumnLetter, string? ColumnName, string Kind, string MessageVi, string MessageEn)
{
    /// <summary>The API's entry vocabulary (docs/api-errors.md): <c>code</c> is <see cref="Kind"/>.</summary>
    public string Code => Kind;

    /// <summary>The message in Vietnamese (also <see cref="MessageVi"/>, kept for older clients).</summary>
    public string Vi => MessageVi;

    /// <summary>The message in English (also <see cref="MessageEn"/>).</summary>
    public string En => MessageEn;

    public static ProblemDto From(ImportProblem p) => new(p.File, p.Sheet, p.Row, p.Column, p.ColumnLetter, p.ColumnName,
        System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(p.Kind.ToString()), p.MessageVi, p.MessageEn);

    /// <summary>As an entry of a problem's <c>problems[]</c>: the same members.</summary>
    public ProblemItem ToItem() => new(Code, Vi, En)
    {
        Row = Row,
        Column = Column,
        More = new()
        {
            ["file"] = File, ["sheet"] = Sheet, ["columnLetter"] = ColumnLetter, ["columnName"] = ColumnName,
            ["kind"] = Kind, ["messageVi"] = MessageVi, ["messageEn"] = MessageEn,
        },
    };
}

internal sealed record ImportDto(
    string ImportId, string Status, string FileName, string VersionId, int RowsProcessed, int RowsTotal, int ProblemCount,
    IReadOnlyList<ProblemDto> Problems, string? Error, bool AlreadyImported, string? UploadedBy, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    string StatusUrl);

internal sealed record VersionDto(string VersionId, bool Current, int? Position, string FileName, string? Sheet, int Rows, IReadOnlyList<int> Years,
    string? UploadedByOid, string? UploadedByName, DateTimeOffset UploadedAt, string? ImportId);
