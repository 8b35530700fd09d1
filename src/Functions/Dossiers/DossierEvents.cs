using NoOneLeftBehind.Domain.Dossiers;
using NoOneLeftBehind.Domain.Plans;
using Dossier = NoOneLeftBehind.Domain.Dossiers.Dossier;
using NoOneLeftBehind.Infrastructure.Messaging;

namespace NoOneLeftBehind.Functions.Dossiers;

/// <summary>The integration events of dossiers (docs/events.md): written with the change they report, in one transaction.</summary>
internal static class DossierEvents
{
    /// <summary>The event a change by <paramref name="action"/> reports, or null when it reports none.</summary>
    public static IntegrationEvent? Of(Dossier d, DossierAction action) => action == DossierAction.Submit ? Submitted(d) : Decided(d, action);

    /// <summary><c>vn.gov.noonelb.dossier.submitted</c>: the submitted dossier (first submission or resubmission).</summary>
    public static IntegrationEvent Submitted(Dossier d) => IntegrationEvent.Create(IntegrationEventTypes.DossierSubmitted, Source(d), d.Id.Value, d.UpdatedAt, new
    {
        dossierId = d.Id.Value,
        revision = d.Revision,
        planId = d.PlanId.Value,
        stage = new { kind = DossierChecks.Word(d.Stage.Kind), year = d.Stage.Year },
        nominatingUnitCode = d.NominatingUnitCode.Value,
        nominee = Nominee(d),
        awardFormId = d.AwardFormId,
        submittedAt = d.SubmittedAt,
    });

    /// <summary>
    /// <c>vn.gov.noonelb.dossier.decided</c> for approve, reject and the award decision; null for the other
    /// reviewer actions (taking, returning, forwarding, retrying), which decide nothing.
    /// </summary>
    public static IntegrationEvent? Decided(Dossier d, DossierAction action)
    {
        var decision = action switch
        {
            DossierAction.Approve => "approved",
            DossierAction.Reject => "rejected",
            DossierAction.Decide => "decided",
            _ => null,
        };
        return decision is null ? null : IntegrationEvent.Create(IntegrationEventTypes.DossierDecided, Source(d), d.Id.Value, d.UpdatedAt, new
        {
            dossierId = d.Id.Value,
            revision = d.Revision,
            decision,
            status = DossierProblems.Word(d.Status),
            planId = d.PlanId.Value,
            stage = new { kind = DossierChecks.Word(d.Stage.Kind), year = d.Stage.Year },
            nominatingUnitCode = d.NominatingUnitCode.Value,
            nominee = Nominee(d),
            awardFormId = d.AwardFormId,
            note = d.DecisionNote,
            decidedAt = d.UpdatedAt,
        });
    }

    private static string Source(Dossier d) => "/units/" + d.NominatingUnitCode.Value + "/dossiers";

    private static object Nominee(Dossier d) => new { kind = SubjectKinds.ToContract(d.Nominee.Kind), name = d.Nominee.Name, unitCode = d.Nominee.UnitCode };
}
