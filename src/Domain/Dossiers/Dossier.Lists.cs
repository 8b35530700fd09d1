namespace NoOneLeftBehind.Domain.Dossiers;

// The decision of a dossier on a submitted list (NomineeList): pure, like every decision.
public sealed partial record Dossier
{
    /// <summary>
    /// Forwards (trình) this dossier with the list <paramref name="list"/> it is on: an approved dossier, or — when the
    /// list's body nominated it itself (<paramref name="own"/>) — one evaluated or under review, which the body's council
    /// considered at the meeting whose minutes the list carries (<see cref="ListCandidate.Eligible"/>). Already forwarded:
    /// unchanged, so forwarding a list again forwards nothing twice. Otherwise not allowed.
    /// </summary>
    public DossierDecision ForwardOnList(NomineeListId list, bool own, DateTimeOffset now)
    {
        if (Status is DossierStatus.Forwarded or DossierStatus.Decided) return DossierDecision.Unchanged(DossierAction.Forward, this);
        if (!ListCandidate.IsEligible(Status, own)) return DossierDecision.NotAllowed(DossierAction.Forward);
        var next = this with { Status = DossierStatus.Forwarded, Reviewer = null, UpdatedAt = now };
        return DossierDecision.Change(DossierAction.Forward, next, ChangesTo(next), note: $"Trình trong danh sách {list.Value}.");
    }
}
