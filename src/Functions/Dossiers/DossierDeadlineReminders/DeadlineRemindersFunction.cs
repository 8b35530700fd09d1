using System.Globalization;
using Microsoft.Extensions.Options;
using NoOneLeftBehind.Domain.Bodies;
using NoOneLeftBehind.Domain.Dossiers;
using NoOneLeftBehind.Domain.Identity;
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
    NomineeListReminders lists,
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
        var (listReminders, resumed) = await lists.RunAsync(now, cancellationToken);
        recorded += listReminders;
        LogRun(logger, today, recorded, requeued);
        context.Logs.Add($"Reminders for {today:yyyy-MM-dd}: {recorded} recorded, {requeued} submissions re-queued, {resumed} list(s) forwarded further.");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deadline reminders for {Today}: {Recorded} recorded, {Requeued} submissions re-queued")]
    private static partial void LogRun(ILogger logger, DateOnly today, int recorded, int requeued);
}

/// <summary>
/// The lists' part of the hourly timer: a reminder to the body that owes a list (Bắc Giang IV.3.b: Sở LĐ-TB&amp;XH, by
/// 05/12/2023) 7, 3 and 1 days before its deadline while it is not submitted, recorded once for the body's unit (whose
/// users are the Sở's); and the forwarding of submitted lists that a failure left unfinished.
/// </summary>
internal sealed class NomineeListReminders(
    NomineeListStore store, NomineeLists lists, DossierRuleBook rules, PlanCatalogue catalogue, INominatingBodyStore bodies, IUnitHierarchy units,
    NotificationStore notifications)
{
    private static readonly int[] ReminderDays = [7, 3, 1];

    /// <summary>Records the reminders due at <paramref name="now"/> and resumes unfinished forwarding; returns how many reminders were recorded and lists resumed.</summary>
    public async Task<(int Recorded, int Resumed)> RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        var today = VietnamTime.DateOf(now);
        var recorded = 0;
        IReadOnlyList<NominatingBody>? registered = null;
        foreach (var plan in catalogue.Plans)
        {
            foreach (var rule in rules.ListsOf(plan))
            {
                var days = rule.Deadline.Date.DayNumber - today.DayNumber;
                if (!ReminderDays.Contains(days)) continue;
                registered ??= await bodies.ListAsync(ct);
                var within = PlanUnits.WithinDuring(plan, Domain.Units.UnitRegistry.Embedded, units.IsWithin);
                foreach (var body in registered.Where(b => b.Plays(rule.ByRole) && within(b.UnitCode, rule.Within)))
                {
                    foreach (var form in rule.AwardForms)
                    {
                        var id = NomineeListId.Of(body.Id, plan.Id, rule.Stage, form);
                        var list = (await store.GetAsync(id, ct))?.List;
                        if (list?.Status == NomineeListStatus.Submitted) continue;
                        if (await notifications.AddOnceAsync(Reminder(plan, rule, body, id, list, days, now), ct)) recorded++;
                    }
                }
            }
        }
        var resumed = 0;
        await foreach (var pending in store.ListPendingAsync(ct))
        {
            await lists.ForwardAsync(pending.List.Id, Caller.System(DeadlineRemindersFunction.FunctionName), null, ct);
            resumed++;
        }
        return (recorded, resumed);
    }

    private static DossierNotification Reminder(Plan plan, NomineeListRule rule, NominatingBody body, NomineeListId id, NomineeList? list, int days, DateTimeOffset now)
    {
        var date = VietnamTime.Format(rule.Deadline.Date);
        var n = days.ToString(CultureInfo.InvariantCulture);
        var award = plan.AwardForms.FirstOrDefault(a => a.Id == id.AwardFormId)?.Name ?? id.AwardFormId;
        var count = (list?.Entries.Count ?? 0).ToString(CultureInfo.InvariantCulture);
        var state = list is null ? ("chưa lập", "not opened yet") : ($"đang lập, {count} hồ sơ", $"a draft of {count} dossier(s)");
        return new DossierNotification(body.UnitCode, id.Value, body.Name, rule.Deadline.Id, rule.Deadline.Date, days, now,
            $"Còn {n} ngày đến hạn trình danh sách ({date}, mục {rule.Deadline.Clause}): {body.Name} chưa trình danh sách đề nghị {award} ({state.Item1}) kèm tờ trình và biên bản họp Hội đồng Thi đua - Khen thưởng.",
            $"{n} day(s) left until the list's deadline ({date}, clause {rule.Deadline.Clause}): {body.Name} has not submitted its list for “{award}” ({state.Item2}) with its tờ trình and council minutes.")
        {
            ListId = id.Value, BodyId = body.Id,
        };
    }
}
