using System.Globalization;
using System.Text.Json;
using NoOneLeftBehind.Domain.Plans;

namespace NoOneLeftBehind.Domain.Reports;

/// <summary>A problem in an outline or schedule file, with its JSON path, in Vietnamese and English.</summary>
/// <param name="File">The file's name.</param>
/// <param name="Path">The JSON path, e.g. <c>$.sections[1].subsections[2].clause</c>.</param>
/// <param name="Vi">The problem in Vietnamese.</param>
/// <param name="En">The problem in English.</param>
public sealed record ReportDataError(string File, string Path, string Vi, string En)
{
    /// <inheritdoc />
    public override string ToString() => $"{File} at {Path}: {Vi} / {En}";
}

/// <summary>The outline or schedule files are invalid.</summary>
public sealed class ReportDataException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ReportDataException(IReadOnlyList<ReportDataError> errors)
        : base("Report outlines or schedules are invalid:" + string.Concat((errors ?? []).Select(e => "\n  " + e))) => Errors = errors ?? [];

    /// <summary>Creates the exception.</summary>
    public ReportDataException() : this([]) { }

    /// <summary>Creates the exception.</summary>
    public ReportDataException(string message) : base(message) => Errors = [];

    /// <summary>Creates the exception.</summary>
    public ReportDataException(string message, Exception innerException) : base(message, innerException) => Errors = [];

    /// <summary>The problems.</summary>
    public IReadOnlyList<ReportDataError> Errors { get; }
}

/// <summary>A report route with its date and parties resolved from the plan's catalogue where it refers to a deadline.</summary>
/// <param name="Level">The reporting level (<c>unit</c>, <c>district</c>, <c>province</c>).</param>
/// <param name="Clause">The plan's clause.</param>
/// <param name="From">Who sends.</param>
/// <param name="To">Who receives.</param>
/// <param name="Text">The plan's words.</param>
/// <param name="Date">The fixed last day, if any.</param>
/// <param name="Annual">The yearly last day as <c>MM-dd</c>, if any.</param>
/// <param name="NoDate">Why there is no date, if there is none.</param>
/// <param name="DeadlineId">The catalogue deadline it is, if any.</param>
public sealed record ResolvedRoute(string Level, string Clause, string From, string To, string Text, DateOnly? Date, string? Annual, string? NoDate, string? DeadlineId)
{
    /// <summary>The last day for a report of <paramref name="year"/>: the fixed date, or the yearly day in that year; null without a date.</summary>
    public DateOnly? DueIn(int year) => Date ?? (Annual is { } a ? DateOnly.ParseExact($"{year}-{a}", "yyyy-MM-dd", CultureInfo.InvariantCulture) : null);
}

/// <summary>
/// The report outlines and schedules of every plan, read from the embedded JSON and checked against the plan catalogue:
/// each schedule's plan, stages and deadlines exist there, each outline it names exists, every section cites a clause.
/// </summary>
public sealed class ReportCatalogue
{
    private readonly Dictionary<string, ReportOutline> _outlines;
    private readonly Dictionary<string, ReportSchedule> _schedules;
    private readonly PlanCatalogue _plans;

    private ReportCatalogue(Dictionary<string, ReportOutline> outlines, Dictionary<string, ReportSchedule> schedules, PlanCatalogue plans)
    {
        _outlines = outlines;
        _schedules = schedules;
        _plans = plans;
    }

    /// <summary>The outlines by id.</summary>
    public IReadOnlyDictionary<string, ReportOutline> Outlines => _outlines;

    /// <summary>The schedules by plan id.</summary>
    public IReadOnlyDictionary<string, ReportSchedule> Schedules => _schedules;

    /// <summary>Reads the files embedded in the Domain assembly (<c>reports/outlines/*</c>, <c>reports/schedules/*</c>).</summary>
    /// <param name="plans">The plan catalogue the schedules refer to.</param>
    /// <returns>The catalogue.</returns>
    /// <exception cref="ReportDataException">A file is invalid.</exception>
    public static ReportCatalogue LoadEmbedded(PlanCatalogue plans)
    {
        var assembly = typeof(ReportCatalogue).Assembly;
        string Read(string name)
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
        var names = assembly.GetManifestResourceNames().Order(StringComparer.Ordinal).ToList();
        return Load(
            names.Where(n => n.StartsWith("reports/outlines/", StringComparison.Ordinal)).Select(n => (n["reports/outlines/".Length..], Read(n))),
            names.Where(n => n.StartsWith("reports/schedules/", StringComparison.Ordinal)).Select(n => (n["reports/schedules/".Length..], Read(n))),
            plans);
    }

    /// <summary>Reads and checks outline and schedule files.</summary>
    /// <param name="outlineFiles">(file name, JSON) of the outlines.</param>
    /// <param name="scheduleFiles">(file name, JSON) of the schedules.</param>
    /// <param name="plans">The plan catalogue.</param>
    /// <returns>The catalogue.</returns>
    /// <exception cref="ReportDataException">A file is invalid; every problem is listed with its path.</exception>
    public static ReportCatalogue Load(IEnumerable<(string Name, string Json)> outlineFiles, IEnumerable<(string Name, string Json)> scheduleFiles, PlanCatalogue plans)
    {
        ArgumentNullException.ThrowIfNull(plans);
        var errors = new List<ReportDataError>();
        var outlines = new Dictionary<string, ReportOutline>(StringComparer.Ordinal);
        foreach (var (name, json) in outlineFiles)
        {
            if (Parse(name, json, ReportJson.Default.ReportOutline, errors) is not { } outline) continue;
            CheckOutline(name, outline, plans, errors);
            if (outline.Id + ".json" != name)
                errors.Add(new(name, "$.id", $"id '{outline.Id}' phải trùng tên tệp.", $"id '{outline.Id}' must match the file name."));
            else
                outlines[outline.Id] = outline;
        }

        var schedules = new Dictionary<string, ReportSchedule>(StringComparer.Ordinal);
        foreach (var (name, json) in scheduleFiles)
        {
            if (Parse(name, json, ReportJson.Default.ReportSchedule, errors) is not { } schedule) continue;
            CheckSchedule(name, schedule, outlines, plans, errors);
            schedules[schedule.Plan] = schedule;
        }

        if (errors.Count > 0)
            throw new ReportDataException(errors);
        return new ReportCatalogue(outlines, schedules, plans);
    }

    /// <summary>The report a plan asks for at a stage (the yearly report for an annual stage); null when the plan asks for none.</summary>
    /// <param name="planId">The plan id.</param>
    /// <param name="stage">The stage.</param>
    /// <returns>The report, or <see langword="null"/>.</returns>
    public ScheduledReport? Find(string planId, ReportStage stage)
    {
        ArgumentNullException.ThrowIfNull(stage);
        if (!_schedules.TryGetValue(planId, out var schedule)) return null;
        return schedule.Reports.FirstOrDefault(r => r.Stage.Kind == stage.Kind && (r.Stage.Year is null || r.Stage.Year == stage.Year));
    }

    /// <summary>The outline of a scheduled report.</summary>
    public ReportOutline OutlineOf(ScheduledReport report) => _outlines[(report ?? throw new ArgumentNullException(nameof(report))).Outline];

    /// <summary>
    /// The route of a report by a unit of <paramref name="level"/>: the route for that level (<c>province</c>, <c>district</c>), else
    /// the route for any unit (<c>unit</c>); with the catalogue deadline's clause, parties, words and date where it names one.
    /// </summary>
    /// <param name="planId">The plan id.</param>
    /// <param name="report">The scheduled report.</param>
    /// <param name="level">The reporting unit's level word.</param>
    /// <returns>The route, or <see langword="null"/> when the plan gives none for it.</returns>
    public ResolvedRoute? RouteFor(string planId, ScheduledReport report, string level)
    {
        ArgumentNullException.ThrowIfNull(report);
        var route = report.Routes.FirstOrDefault(r => r.Level == level) ?? report.Routes.FirstOrDefault(r => r.Level == "unit");
        if (route is null) return null;
        if (route.Deadline is { } id)
        {
            var deadline = _plans.Plans.First(p => p.Id == planId).Deadlines.First(d => d.Id == id);
            DateOnly? date = deadline.Date is { } d ? DateOnly.ParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture) : null;
            return new ResolvedRoute(route.Level, deadline.Clause, deadline.From, deadline.To, deadline.Text, date, deadline.Annual, null, id);
        }
        return new ResolvedRoute(route.Level, route.Clause!, route.From!, route.To!, route.Text!, null, null, route.NoDate, null);
    }

    private static T? Parse<T>(string name, string json, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> info, List<ReportDataError> errors) where T : class
    {
        try
        {
            var value = JsonSerializer.Deserialize(json, info);
            if (value is null)
                errors.Add(new(name, "$", "Tệp rỗng (null).", "The file is null."));
            return value;
        }
        catch (JsonException e)
        {
            var message = e.Message;
            var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
            if (cut > 0) message = message[..cut];
            var at = e.LineNumber is { } line ? $" (dòng/line {line + 1})" : "";
            errors.Add(new(name, e.Path ?? "$", $"Không đọc được JSON: {message}{at}", $"Cannot read the JSON: {message}{at}"));
            return null;
        }
    }

    private static void CheckOutline(string name, ReportOutline outline, PlanCatalogue plans, List<ReportDataError> errors)
    {
        if (!plans.PlanIds.Contains(outline.Plan))
            errors.Add(new(name, "$.plan", $"Không có kế hoạch '{outline.Plan}' trong danh mục.", $"The catalogue has no plan '{outline.Plan}'."));
        if (string.IsNullOrWhiteSpace(outline.Clause))
            errors.Add(new(name, "$.clause", "Cần ghi mục của kế hoạch đính kèm đề cương.", "The clause that attaches the outline is required."));
        if (outline.Sections.Count == 0)
            errors.Add(new(name, "$.sections", "Đề cương cần ít nhất một mục.", "An outline needs at least one section."));
        CheckSections(name, "$.sections", outline.Sections, errors);
    }

    private static void CheckSections(string name, string path, IReadOnlyList<OutlineSection> sections, List<ReportDataError> errors)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < sections.Count; i++)
        {
            var s = sections[i];
            var at = $"{path}[{i}]";
            if (string.IsNullOrWhiteSpace(s.Clause))
                errors.Add(new(name, at + ".clause", $"Mục {s.Number} cần ghi điều khoản nguồn.", $"Section {s.Number} must cite its clause."));
            if (string.IsNullOrWhiteSpace(s.Title))
                errors.Add(new(name, at + ".title", $"Mục {s.Number} cần tiêu đề.", $"Section {s.Number} needs a title."));
            if (!seen.Add(s.Number))
                errors.Add(new(name, at + ".number", $"Số mục '{s.Number}' lặp lại.", $"Section number '{s.Number}' appears twice."));
            if (s.Figures is { } figures && figures.Count != figures.Distinct().Count())
                errors.Add(new(name, at + ".figures", "Một bảng số liệu được ghi hai lần.", "A table of figures is named twice."));
            if (s.Subsections is { Count: > 0 } children)
                CheckSections(name, at + ".subsections", children, errors);
        }
    }

    private static readonly string[] Levels = ["unit", "district", "province"];

    private static void CheckSchedule(string name, ReportSchedule schedule, Dictionary<string, ReportOutline> outlines, PlanCatalogue plans, List<ReportDataError> errors)
    {
        var plan = plans.Plans.FirstOrDefault(p => p.Id == schedule.Plan);
        if (plan is null)
        {
            errors.Add(new(name, "$.plan", $"Không có kế hoạch '{schedule.Plan}' trong danh mục.", $"The catalogue has no plan '{schedule.Plan}'."));
            return;
        }
        if (schedule.Plan + ".json" != name)
            errors.Add(new(name, "$.plan", $"Mã kế hoạch '{schedule.Plan}' phải trùng tên tệp.", $"The plan id '{schedule.Plan}' must match the file name."));
        for (var i = 0; i < schedule.Reports.Count; i++)
        {
            var report = schedule.Reports[i];
            var at = $"$.reports[{i}]";
            if (!plan.Stages.Any(s => s.Kind == report.Stage.Kind && (report.Stage.Year is null || s.Year == report.Stage.Year)))
                errors.Add(new(name, at + ".stage", $"Kế hoạch '{plan.Id}' không có giai đoạn {PlanJson.Word(report.Stage.Kind)} {report.Stage.Year}.",
                    $"Plan '{plan.Id}' has no stage {PlanJson.Word(report.Stage.Kind)} {report.Stage.Year}."));
            if (!outlines.TryGetValue(report.Outline, out var outline))
                errors.Add(new(name, at + ".outline", $"Không có đề cương '{report.Outline}'.", $"There is no outline '{report.Outline}'."));
            else if (outline.Plan == plan.Id ? string.IsNullOrWhiteSpace(report.OutlineClause) : string.IsNullOrWhiteSpace(report.OutlineNote))
                errors.Add(new(name, at + (outline.Plan == plan.Id ? ".outlineClause" : ".outlineNote"),
                    outline.Plan == plan.Id ? "Cần ghi mục của kế hoạch đính kèm đề cương." : "Đề cương của kế hoạch khác: cần ghi lý do (outlineNote), ví dụ kế hoạch không có đề cương.",
                    outline.Plan == plan.Id ? "The clause that attaches the outline is required." : "Another plan's outline: say why (outlineNote), e.g. the plan gives none."));
            if (report.Routes.Count == 0)
                errors.Add(new(name, at + ".routes", "Cần ít nhất một tuyến gửi báo cáo.", "At least one route is required."));
            for (var j = 0; j < report.Routes.Count; j++)
                CheckRoute(name, $"{at}.routes[{j}]", report.Routes[j], plan, errors);
        }
    }

    private static void CheckRoute(string name, string at, ReportRoute route, Plan plan, List<ReportDataError> errors)
    {
        if (!Levels.Contains(route.Level))
            errors.Add(new(name, at + ".level", $"Cấp '{route.Level}' không hợp lệ; dùng {string.Join(", ", Levels)}.", $"Level '{route.Level}' is unknown; use {string.Join(", ", Levels)}."));
        if (route.Reporters is { } reporters)
        {
            for (var k = 0; k < reporters.Count; k++)
            {
                if (!ReportReporters.Kinds.Contains(reporters[k]))
                    errors.Add(new(name, $"{at}.reporters[{k}]", $"Bên gửi '{reporters[k]}' không hợp lệ; dùng {string.Join(", ", ReportReporters.Kinds)}.",
                        $"Reporter kind '{reporters[k]}' is unknown; use {string.Join(", ", ReportReporters.Kinds)}."));
            }
            if (string.IsNullOrWhiteSpace(route.ReportersNote))
                errors.Add(new(name, at + ".reportersNote", "Bên gửi khác mặc định: cần ghi lý do (reportersNote).", "Reporters other than the default: say why (reportersNote)."));
        }
        if (route.Deadline is { } id)
        {
            if (!plan.Deadlines.Any(d => d.Id == id))
                errors.Add(new(name, at + ".deadline", $"Kế hoạch '{plan.Id}' không có hạn '{id}'; các hạn: {string.Join(", ", plan.Deadlines.Select(d => d.Id))}.",
                    $"Plan '{plan.Id}' has no deadline '{id}'; its deadlines: {string.Join(", ", plan.Deadlines.Select(d => d.Id))}."));
            if (route.Clause is not null || route.Text is not null || route.From is not null || route.To is not null || route.NoDate is not null)
                errors.Add(new(name, at, "Tuyến dẫn tới hạn của danh mục không ghi lại điều khoản, lời văn, bên gửi/nhận.", "A route that names a catalogue deadline takes its clause, words and parties from it; do not repeat them."));
            return;
        }
        foreach (var (field, value) in new[] { ("clause", route.Clause), ("from", route.From), ("to", route.To), ("text", route.Text), ("noDate", route.NoDate) })
        {
            if (string.IsNullOrWhiteSpace(value))
                errors.Add(new(name, $"{at}.{field}", $"Tuyến không dẫn tới hạn của danh mục cần '{field}'.", $"A route without a catalogue deadline needs '{field}'."));
        }
    }
}
