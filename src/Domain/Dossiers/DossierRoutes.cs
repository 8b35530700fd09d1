namespace NoOneLeftBehind.Domain.Dossiers;

/// <summary>
/// Who sends a dossier to whom, by when, and with which components (ADR 0008 §5, <c>dossier-rules.json</c> →
/// <c>routes</c>). Bắc Giang IV.3.a: the dossiers of the agencies and localities go to Sở LĐ-TB&amp;XH by 30/11/2023,
/// with their own proposal and the nominees' reports; a dossier the Sở nominates itself goes straight onto the Sở's
/// list (<see cref="NomineeListRule"/>), by the list's 05/12/2023.
/// </summary>
/// <param name="Id">Stable id (<c>unit-to-so-ldtbxh</c>).</param>
/// <param name="Clause">Clause of the plan that sets the route.</param>
/// <param name="Text">The plan's words.</param>
/// <param name="To">The body role the dossier goes to, the unit it lies within and its name.</param>
/// <param name="DeadlineId">The plan's deadline that binds the dossier on this route.</param>
/// <param name="ListId">The list (<see cref="NomineeListRule.Id"/>) the dossier ends up on.</param>
/// <param name="Own">True when the body the dossier goes to is its nominator: it goes straight onto its list.</param>
/// <param name="Components">What a dossier on this route holds, each with its clause and legal basis.</param>
/// <param name="ComponentsBasis">Why the list is what it is (where the plan is silent and the law's default applies).</param>
public sealed record DossierRoute(
    string Id, string Clause, string Text, RouteTarget To, string DeadlineId, string ListId, bool Own,
    IReadOnlyList<ComponentRule> Components, string ComponentsBasis);

/// <summary>The body a route leads to: by the role it plays within a unit.</summary>
/// <param name="Role">Body role (<c>so-ldtbxh</c>).</param>
/// <param name="Within">The unit the receiving body lies within (<c>24</c>).</param>
/// <param name="Name">Its name, as the plan writes it.</param>
public sealed record RouteTarget(string Role, string Within, string Name);

/// <summary>
/// The list (danh sách trình) a body sends on for a plan's stage and award forms (Bắc Giang IV.3.b: Sở LĐ-TB&amp;XH's
/// tờ trình with the list and its council's minutes, to the Chủ tịch UBND tỉnh via Sở Nội vụ by 05/12/2023).
/// </summary>
/// <param name="Id">Stable id (<c>so-ldtbxh-to-chu-tich-tinh</c>).</param>
/// <param name="Clause">Clause of the plan.</param>
/// <param name="Text">The plan's words.</param>
/// <param name="Stage">The stage it is for.</param>
/// <param name="AwardForms">The award forms it lists.</param>
/// <param name="ByRole">The body role that assembles and submits it.</param>
/// <param name="Within">The unit that body lies within.</param>
/// <param name="To">To whom it goes, in words.</param>
/// <param name="Deadline">The plan's deadline for it.</param>
/// <param name="Components">The documents the list carries itself (the tờ trình and the council's minutes).</param>
public sealed record NomineeListRule(
    string Id, string Clause, string Text, DossierStage Stage, IReadOnlyList<string> AwardForms, string ByRole, string Within, string To,
    DossierDeadline Deadline, IReadOnlyList<ComponentRule> Components);
