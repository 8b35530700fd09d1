using System.Globalization;
using Microsoft.Extensions.Options;
using NoOneLeftBehind.Domain.Dossiers;
using NoOneLeftBehind.Domain.Plans;
using Dossier = NoOneLeftBehind.Domain.Dossiers.Dossier;
using NoOneLeftBehind.Functions.Hosting;
using NoOneLeftBehind.Infrastructure.Dossiers;

namespace NoOneLeftBehind.Functions.Dossiers.DossierDeadlineReminders;

/// <summary>
/// Timer-triggered, hourly (<c>0 5 * * * *</c>; in Azure on Linux the schedule is read in UTC, so
/// the function never depends on the hour it fires at — ADR 0001): computes "today" in
/// Asia/Ho_Chi_Minh from the business clock and, for every dossier still in draft or returned whose
/// submission deadline is 7, 3 or 1 days away, records a notification for its unit once (the row key
/// is dossier + deadline + days). It also puts back on the queue a submitted dossier that has waited
/// longer than <c>Dossiers:RequeueSubmittedAfterMinutes</c> without a result (its message was lost
/// between the commit and the send); the evaluation is idempotent, so a duplicate costs nothing.
/// </summary>
internal sealed partial class DeadlineRemindersFunction(
    DossierStore store,
    EvaluationResultStore evaluations,
    NotificationStore notifications,
    EvaluationQueue queue,
    DossierRuleBook rules,
    PlanCatalogue catalogue,
    NominatingBodies bodies,
    DossierClock clock,
    IOptions<DossierOptions> options,
    ILogger<DeadlineRemindersFunction> logger) : ITriggerFunction
{
    public const string FunctionName = "DossierDeadlineReminders";

    private static readonly int[] ReminderDays = [7, 3, 1];

    public string Name => FunctionName;

    public async Task InvokeAsync(TriggerContext context, CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        var today = VietnamTime.DateOf(now);
        await notifications.EnsureCreatedAsync(cancellationToken);
        int recorded = 0, requeued = 0;
        var bodyOf = await bodies.LookupAsync(cancellationToken);
        await foreach (var s in store.ListAsync(null, null, [DossierStatus.Draft, DossierStatus.Returned, DossierStatus.Submitted], cancellationToken))
        {
            var d = s.Dossier;
            if (!catalogue.TryGet(d.PlanId, out var plan)) continue;
            if (d.Status == DossierStatus.Submitted)
            {
                if (d.SubmittedAt is { } at && now - at > TimeSpan.FromMinutes(options.Value.RequeueSubmittedAfterMinutes)
                    && await evaluations.GetAsync(d.Id.Value, d.Revision, cancellationToken) is null)
                {
                    await queue.EnqueueAsync(d, cancellationToken);
                    requeued++;
                }
                continue;
            }
            if (rules.SubmissionDeadline(plan, d, bodyOf(d)) is not { } deadline) continue;
            var days = deadline.Date.DayNumber - today.DayNumber;
            if (!ReminderDays.Contains(days)) continue;
            var date = VietnamTime.Format(deadline.Date);
            var status = d.Status == DossierStatus.Returned ? "đang chờ bổ sung" : "chưa nộp";
            var n = new DossierNotification(d.NominatingUnitCode.Value, d.Id.Value, d.Nominee.Name, deadline.Id, deadline.Date, days, now,
                $"Còn {days.ToString(CultureInfo.InvariantCulture)} ngày đến hạn nộp hồ sơ ({date}): hồ sơ đề nghị khen thưởng '{d.Nominee.Name}' {status}.",
                $"{days.ToString(CultureInfo.InvariantCulture)} day(s) left until the submission deadline ({date}): the nomination dossier for '{d.Nominee.Name}' is {(d.Status == DossierStatus.Returned ? "awaiting supplement" : "not submitted")}.");
            if (await notifications.AddOnceAsync(n, cancellationToken)) recorded++;
        }
        LogRun(logger, today, recorded, requeued);
        context.Logs.Add($"Reminders for {today:yyyy-MM-dd}: {recorded} recorded, {requeued} submissions re-queued.");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deadline reminders for {Today}: {Recorded} recorded, {Requeued} submissions re-queued")]
    private static partial void LogRun(ILogger logger, DateOnly today, int recorded, int requeued);
}
