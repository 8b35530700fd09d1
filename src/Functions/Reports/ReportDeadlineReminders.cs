using System.Globalization;
using Microsoft.Azure.Functions.Worker;
using NoOneLeftBehind.Domain.Bodies;
using NoOneLeftBehind.Domain.Dossiers;
using NoOneLeftBehind.Domain.Reports;
using NoOneLeftBehind.Functions.Dossiers;
using NoOneLeftBehind.Functions.Hosting;
using NoOneLeftBehind.Infrastructure.Dossiers;
using NoOneLeftBehind.Infrastructure.Reports;

namespace NoOneLeftBehind.Functions.Reports;

/// <summary>
/// Timer-triggered, daily at 01:15 UTC (08:15 in Vietnam; the schedule is read in UTC and the function never depends on the
/// hour it fires at): computes "today" in Vietnam from the business clock and, for every report a unit or body must send
/// (<see cref="ReportReporters"/>) whose route deadline is 7, 3 or 1 days away and that is not submitted, records a reminder
/// for the reporter's unit (a body's: its unit, with the body named) — once: the row key is the submission, the deadline and
/// the days, so a rerun of the timer (or two runs on one day) adds nothing. Routes without a date remind nobody.
/// </summary>
internal sealed partial class ReportDeadlineRemindersFunction(
    ReportReporters reporters,
    ReportSubmissionStore store,
    NotificationStore notifications,
    INominatingBodyStore bodies,
    DossierClock clock,
    ILogger<ReportDeadlineRemindersFunction> logger) : ITriggerFunction
{
    public const string FunctionName = "ReportDeadlineReminders";

    private static readonly int[] ReminderDays = [7, 3, 1];

    public string Name => FunctionName;

    public async Task InvokeAsync(TriggerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var now = clock.UtcNow;
        var today = VietnamTime.DateOf(now);
        await notifications.EnsureCreatedAsync(cancellationToken);
        IReadOnlyList<NominatingBody>? registered = null;
        var recorded = 0;
        foreach (var plan in reporters.Plans)
        {
            // A route's deadline falls in its report's year (Bắc Giang 30/11/2023, the yearly 15/11 or 10/11): only stages near today.
            foreach (var (kind, year) in reporters.Stages(plan).Where(s => Math.Abs(s.Year - today.Year) <= 1))
            {
                registered ??= await bodies.ListAsync(cancellationToken);
                foreach (var o in reporters.Of(plan, kind, year, registered))
                {
                    if (o.Deadline is not { } deadline || !ReminderDays.Contains(deadline.DayNumber - today.DayNumber)) continue;
                    if ((await store.GetAsync(o.Id, cancellationToken))?.Submission.IsSubmitted == true) continue;
                    if (await notifications.AddOnceAsync(Reminder(o, deadline, deadline.DayNumber - today.DayNumber, now), cancellationToken)) recorded++;
                }
            }
        }
        LogRun(logger, today, recorded);
        context.Logs.Add($"Report reminders for {today:yyyy-MM-dd}: {recorded} recorded.");
    }

    private static DossierNotification Reminder(ReportObligation o, DateOnly deadline, int days, DateTimeOffset now)
    {
        var n = days.ToString(CultureInfo.InvariantCulture);
        var date = VietnamTime.Format(deadline);
        var who = o.Body?.Name ?? "UBND " + o.Unit.FullName;
        return new DossierNotification(o.Unit.Code.Value, o.Id.Value, who, o.Route.DeadlineId ?? "report", deadline, days, now,
            $"Còn {n} ngày đến hạn gửi báo cáo {ReportViews.StageLabel(o.Kind, o.Year)} ({date}, mục {o.Route.Clause}): {who} chưa nộp báo cáo đã ký gửi {o.Route.To}.",
            $"{n} day(s) left until the {ReportViews.StageLabelEn(o.Kind, o.Year)} report is due ({date}, clause {o.Route.Clause}): {who} has not submitted its signed report to {o.Route.To}.")
        {
            BodyId = o.Body?.Id, ReportId = o.Id.Value,
        };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Report deadline reminders for {Today}: {Recorded} recorded")]
    private static partial void LogRun(ILogger logger, DateOnly today, int recorded);
}

/// <summary>The reports' timer functions.</summary>
public static class ReportTriggers
{
    /// <summary>Report deadline reminders, daily at 01:15 UTC = 08:15 in Vietnam (<see cref="ReportDeadlineRemindersFunction"/>).</summary>
    [Function(ReportDeadlineRemindersFunction.FunctionName)]
    public static Task ReportDeadlineReminders([TimerTrigger("0 15 1 * * *")] TimerInfo timer, FunctionContext context) =>
        TriggerFunctions.RunAsync(context, null);
}
