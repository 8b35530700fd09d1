namespace NoOneLeftBehind.Domain.Dossiers;

/// <summary>
/// Why a dossier operation is refused, naming the field (or component, file, rule) it is about, in
/// Vietnamese and English. Expected refusals are returned as values, never thrown.
/// </summary>
/// <param name="Code">Stable machine code, e.g. <c>deadline-passed</c>, <c>quota-exceeded</c>.</param>
/// <param name="Field">What it is about: a field path (<c>nominee.kind</c>), <c>components.bien-ban</c>, <c>files.{id}</c>…</param>
/// <param name="MessageVi">Vietnamese message.</param>
/// <param name="MessageEn">English message.</param>
public sealed record DossierProblem(string Code, string Field, string MessageVi, string MessageEn);
