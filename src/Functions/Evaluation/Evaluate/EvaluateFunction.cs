using System.Text.Json;
using NoOneLeftBehind.Domain.Criteria;

namespace NoOneLeftBehind.Functions.Evaluation.Evaluate;

/// <summary>POST /api/evaluate: stateless evaluation of a nomination against a plan (public contract).</summary>
internal static class EvaluateFunction
{
    // The JSON body guard (Hosting/JsonRequestBodies.cs) has already read the body up to
    // Evaluation:MaxRequestBytes (413 beyond) and refused bad UTF-8, lone surrogates and repeated properties.
    public static async Task<IResult> HandleAsync(HttpContext http, CriteriaEngine engine)
    {
        JsonDocument document;
        try
        {
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body, http.RequestAborted);
            if (body.Length == 0)
                return EvaluationProblems.Invalid([new("body", "Thiếu nội dung yêu cầu (JSON).", "The request body (JSON) is missing.", "missing-body")]);
            document = JsonDocument.Parse(body.ToArray(), new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" (dòng/line {line + 1}, vị trí/byte {ex.BytePositionInLine + 1})" : string.Empty;
            return EvaluationProblems.Invalid([new("body", "JSON không hợp lệ" + where + ".", "Malformed JSON" + where + ".", "malformed-json")]);
        }

        using (document)
        {
            var errors = new List<FieldError>();
            var request = EvaluateRequestReader.Read(document.RootElement, errors);
            if (request is null)
                return EvaluationProblems.Invalid(errors);

            var problems = engine.Validate(request);
            if (problems.Count > 0)
            {
                Dictionary<string, object?>? extensions = null;
                if (problems.Any(p => p.Field == "planId"))
                    extensions = new() { ["knownPlans"] = engine.Catalogue.PlanIds };
                return EvaluationProblems.Invalid(problems.Select(p => new FieldError(p.Field, p.MessageVi, p.MessageEn, p.Field == "planId" ? "unknown-plan" : "invalid-field")), extensions);
            }

            return Results.Ok(EvaluateResponse.From(engine.Evaluate(request)));
        }
    }
}

/// <summary>The 200 response of POST /api/evaluate (public contract).</summary>
/// <remarks><c>gaps</c> (added by issue 16): what the plan gives no rule for; empty for a subject the plan covers.</remarks>
internal sealed record EvaluateResponse(
    string PlanId, string PlanVersion, Verdict Verdict, string? Category, IReadOnlyList<CriterionResponse> Criteria, IReadOnlyList<CriteriaGap> Gaps)
{
    public static EvaluateResponse From(EvaluationResult result) => new(
        result.PlanId, result.PlanVersion, result.Verdict, result.Category,
        [.. result.Criteria.Select(c => new CriterionResponse(c.Id, c.Clause, c.Text, c.Kind, c.Status, c.Explanation, c.Values) { Reference = c.Reference })],
        result.Gaps);
}

/// <summary>One criterion of the response.</summary>
/// <remarks><c>reference</c> (added by issue 16, only when set): the document and clause the plan defers to.</remarks>
internal sealed record CriterionResponse(
    string Id, string Clause, string Text, Domain.Plans.CriterionKind Kind, CriterionStatus Status, string Explanation, IReadOnlyDictionary<string, decimal> Values)
{
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public CriterionReference? Reference { get; init; }
}
