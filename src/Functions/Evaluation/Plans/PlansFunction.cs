using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using NoOneLeftBehind.Domain.Plans;

namespace NoOneLeftBehind.Functions.Evaluation.Plans;

/// <summary>
/// GET /api/plans and GET /api/plans/{planId}: the catalogue the engine uses — criteria with clause and text,
/// award forms, deadlines, quotas, dossier, targets. The catalogue is immutable, so the JSON is built once.
/// </summary>
internal sealed class PlansFunction
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly PlanCatalogue _catalogue;
    private readonly byte[] _all;
    private readonly Dictionary<string, byte[]> _byId;

    public PlansFunction(PlanCatalogue catalogue)
    {
        _catalogue = catalogue;
        var plans = catalogue.Plans.ToDictionary(p => p.Id, p => ToNode(catalogue, p), StringComparer.Ordinal);
        _byId = plans.ToDictionary(p => p.Key, p => JsonSerializer.SerializeToUtf8Bytes(p.Value, Json), StringComparer.Ordinal);
        var all = new JsonObject
        {
            ["catalogueVersion"] = catalogue.Version,
            ["plans"] = new JsonArray([.. catalogue.PlanIds.Select(id => plans[id].DeepClone())]),
        };
        _all = JsonSerializer.SerializeToUtf8Bytes(all, Json);
    }

    public IResult List() => Results.Bytes(_all, "application/json; charset=utf-8");

    public IResult Get(string planId) =>
        _byId.TryGetValue(planId, out var json)
            ? Results.Bytes(json, "application/json; charset=utf-8")
            : EvaluationProblems.UnknownPlan(planId, _catalogue.PlanIds, StatusCodes.Status404NotFound);

    private static JsonObject ToNode(PlanCatalogue catalogue, Plan plan)
    {
        var node = JsonSerializer.SerializeToNode(plan, Json)!.AsObject();
        node.Insert(1, "planVersion", catalogue.VersionOf(PlanId.Parse(plan.Id)));
        return node;
    }
}
