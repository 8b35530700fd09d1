using NoOneLeftBehind.Domain.Bodies;
using NoOneLeftBehind.Domain.Plans;
using NoOneLeftBehind.Domain.Reports;
using NoOneLeftBehind.Domain.Units;
using NoOneLeftBehind.Functions.Dossiers;
using NoOneLeftBehind.Functions.Hosting;
using NoOneLeftBehind.Infrastructure.Reports;

namespace NoOneLeftBehind.Functions.Reports;

/// <summary>
/// The draft of a review report (bản dự thảo báo cáo) as DOCX: the unit's (or its nominating body's) report of the plan's
/// stage, built from the stored figures and dossiers. The unit scope is checked before (the endpoint's RequireUnitScope);
/// every other bad input is a 400 problem in Vietnamese and English and nothing is read.
/// </summary>
internal sealed class ReportDrafts(PlanCatalogue plans, ReviewReportBuilder builder, INominatingBodyStore bodies)
{
    public const string DocxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    private static readonly Dictionary<string, StageKind> Stages = new(StringComparer.Ordinal)
    {
        ["annual"] = StageKind.Annual,
        ["mid-term"] = StageKind.MidTerm,
        ["final"] = StageKind.Final,
    };

    private static readonly Bilingual Title = new("Yêu cầu báo cáo không hợp lệ", "Invalid report request");

    /// <summary>
    /// The checks every report API makes of a plan's stage and unit, in this order: an unknown plan (<c>unknown-plan</c>, with the
    /// known ones), then each of <c>invalid-stage</c>, <c>required</c> (stageYear), <c>invalid-unit</c> — all at once.
    /// </summary>
    public static (Plan? Plan, StageKind Kind, int Year, UnitCode Unit, IResult? Error) Check(PlanCatalogue plans, string? planId, string? stageKind, int? stageYear, string? unitCode)
    {
        ArgumentNullException.ThrowIfNull(plans);
        if (!PlanId.TryParse(planId, out var pid) || !plans.TryGet(pid, out var plan)) return (null, default, 0, default, DossierProblems.UnknownPlan(planId, plans.PlanIds));
        var problems = new List<ProblemItem>();
        if (stageKind is null || !Stages.TryGetValue(stageKind, out var kind))
        {
            problems.Add(new("invalid-stage", $"Giai đoạn báo cáo '{stageKind}' không hợp lệ; dùng: {string.Join(", ", Stages.Keys)}.",
                $"Report stage '{stageKind}' is not valid; use: {string.Join(", ", Stages.Keys)}.") { Field = "stageKind" });
            kind = default;
        }
        if (stageYear is null)
            problems.Add(new("required", "Cần năm của báo cáo (stageYear).", "The report's year (stageYear) is required.") { Field = "stageYear" });
        if (!UnitCode.TryParse(unitCode, out var unit))
            problems.Add(new("invalid-unit", $"Mã đơn vị '{unitCode}' không hợp lệ.", $"Unit code '{unitCode}' is not valid.") { Field = "unitCode" });
        return problems.Count > 0 ? (plan, kind, 0, unit, Invalid(problems)) : (plan, kind, stageYear!.Value, unit, null);
    }

    /// <summary>400 <c>invalid-report-request</c> with its problems.</summary>
    public static IResult Invalid(IEnumerable<ProblemItem> problems) => ApiProblem.Invalid("invalid-report-request", Title, problems);

    /// <summary>400: no body <paramref name="bodyId"/> within <paramref name="unit"/> (an unknown body and another unit's answer alike).</summary>
    public static IResult UnknownBody(string? bodyId, string unit) => Invalid([new ProblemItem("unknown-body",
        $"Không có cơ quan '{bodyId}' thuộc đơn vị {unit}.", $"There is no body '{bodyId}' within unit {unit}.") { Field = "bodyId" }]);

    public async Task<IResult> DraftAsync(string? planId, string? stageKind, int? stageYear, string? unitCode, string? bodyId, CancellationToken ct)
    {
        var (plan, kind, year, unit, error) = Check(plans, planId, stageKind, stageYear, unitCode);
        if (error is not null) return error;
        NominatingBody? body = null;
        if (bodyId is not null)
        {
            body = await bodies.FindAsync(bodyId, ct);
            // A body outside the unit is answered like an unknown one: ids reveal nothing beyond the caller's scope.
            if (body is null || body.UnitCode != unit.Value) return UnknownBody(bodyId, unit.Value);
        }

        ReviewReport report;
        try
        {
            report = await builder.BuildAsync(new ReportRequest(plan!.Id, new ReportStage(kind, year), unit, body?.Id, body?.Name), ct);
        }
        catch (ReportRequestException e)
        {
            return Invalid([new ProblemItem("report-not-available", e.Vi, e.En)]);
        }
        var output = new MemoryStream();
        ReviewReportDocx.Write(report, output);
        output.Position = 0;
        return Results.File(output, DocxType, FileName(report));
    }

    /// <summary>The file name in words, without diacritics: <c>bao-cao-so-ket-2023-huyen-chu-puh.docx</c>.</summary>
    public static string FileName(ReviewReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var stage = report.Stage.Kind switch
        {
            StageKind.MidTerm => "so-ket",
            StageKind.Final => "tong-ket",
            _ => "hang-nam",
        };
        var who = DossierSearch.Fold(report.BodyName ?? report.Unit.FullName);
        var words = string.Join('-', who.Split([' ', '-', '–', ',', '.', '(', ')', '/', '&'], StringSplitOptions.RemoveEmptyEntries));
        return $"bao-cao-{stage}-{report.Year}-{words}.docx";
    }
}
