using Microsoft.Azure.Functions.Worker;
using NoOneLeftBehind.Functions.Hosting;
using NoOneLeftBehind.Infrastructure.Statistics.Storage;

namespace NoOneLeftBehind.Functions.Statistics;

/// <summary>The statistics' queue function.</summary>
public static class StatisticsTriggers
{
    /// <summary>Runs (or resumes) one import (<see cref="ImportReviewResultsFunction"/>).</summary>
    [Function(ImportReviewResultsFunction.FunctionName)]
    public static Task ImportReviewResults([QueueTrigger(ReviewImportProcessor.Queue, Connection = "DataStorage")] string message, FunctionContext context) =>
        TriggerFunctions.RunAsync(context, message);
}
