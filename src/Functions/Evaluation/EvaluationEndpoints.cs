namespace NoOneLeftBehind.Functions.Evaluation;

/// <summary>POST /api/evaluate and GET /api/plans (public contract). Placeholder until the criteria engine lands.</summary>
internal static class EvaluationEndpoints
{
    public static IServiceCollection AddEvaluation(this IServiceCollection services) => services;

    public static IEndpointRouteBuilder MapEvaluation(this IEndpointRouteBuilder app) => app;
}
