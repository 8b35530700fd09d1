using NoOneLeftBehind.Functions.Hosting;
using NoOneLeftBehind.Infrastructure.Statistics.Storage;

namespace NoOneLeftBehind.Functions.Statistics;

/// <summary>
/// Queue function on <c>statistics-imports</c>: runs (or resumes) one import — validate, write under the
/// version id, flip, update the dashboards. Idempotent under redelivery; on the last attempt the job is
/// marked failed before the message goes to the poison queue.
/// </summary>
internal sealed class ImportReviewResultsFunction(ReviewImportProcessor processor) : ITriggerFunction
{
    public const string FunctionName = "ImportReviewResults";
    private const int LastAttempt = 5;

    public string Name => FunctionName;

    public async Task InvokeAsync(TriggerContext context, CancellationToken cancellationToken)
    {
        var message = context.ReadMessage<ReviewImportProcessor.ImportMessage>();
        if (message is null || string.IsNullOrWhiteSpace(message.ImportId))
        {
            context.Logs.Add("Empty import message ignored.");
            return;
        }
        try
        {
            var job = await processor.ProcessAsync(message.ImportId, cancellationToken);
            context.Logs.Add($"Import {message.ImportId}: {job?.Status.ToString() ?? "unknown job"}.");
        }
        catch (Exception ex) when (context.DequeueCount >= LastAttempt && !cancellationToken.IsCancellationRequested)
        {
            await processor.GiveUpAsync(message.ImportId, $"Nhập số liệu thất bại sau {LastAttempt} lần thử. / The import failed after {LastAttempt} attempts: {ex.Message}", cancellationToken);
            throw;
        }
    }
}
