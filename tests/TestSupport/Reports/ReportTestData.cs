using NoOneLeftBehind.Domain.Bodies;
using NoOneLeftBehind.Domain.Dossiers;
using NoOneLeftBehind.Domain.Plans;
using NoOneLeftBehind.Domain.Reports;
using NoOneLeftBehind.Domain.Statistics;
using NoOneLeftBehind.Domain.Statistics.Generation;
using NoOneLeftBehind.Domain.Units;

namespace NoOneLeftBehind.TestSupport.Reports;

/// <summary>
/// The data the report tests and the benchmark build reports from: the generated review results of every commune
/// (seeded, so reproducible) and a set of nominations, behind the report's ports, filtered the way a store would be.
/// Linked into Domain.Tests (it needs only the Domain).
/// </summary>
public sealed class ReportTestData(UnitRegistry registry, IReadOnlyList<UnitYearFigures> figures, IReadOnlyList<NominationRecord> nominations)
    : IReportFigureSource, IReportNominationSource
{
    private static readonly Lazy<IReadOnlyList<UnitYearFigures>> Generated =
        new(() => new PovertyFigureGenerator(UnitRegistry.Embedded).Generate(2021, 2025, seed: 18));

    /// <summary>The generated review results of every commune, 2021–2025 (seed 18).</summary>
    public static IReadOnlyList<UnitYearFigures> Figures => Generated.Value;

    /// <summary>The figures given.</summary>
    public IReadOnlyList<UnitYearFigures> AllFigures => figures;

    /// <summary>The nominations given.</summary>
    public IReadOnlyList<NominationRecord> AllNominations => nominations;

    /// <summary>Every leaf figure within <paramref name="unit"/> in the years asked (the unit itself included).</summary>
    public Task<IReadOnlyList<UnitYearFigures>> LeafFiguresWithinAsync(UnitCode unit, int fromYear, int toYear, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<UnitYearFigures>>([.. figures.Where(f => f.Year >= fromYear && f.Year <= toYear
            && registry.IsWithin(f.Unit, unit, ReviewCalendar.ReferenceDate(f.Year)))]);

    /// <summary>The nominations of the plan and stage nominated within <paramref name="unit"/> (by <paramref name="bodyId"/> when given).</summary>
    public Task<IReadOnlyList<NominationRecord>> NominationsAsync(string planId, DossierStage stage, UnitCode unit, string? bodyId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<NominationRecord>>([.. nominations.Where(n => n.DossierId.StartsWith(planId + "|", StringComparison.Ordinal)
            && (bodyId is null || n.NominatingBodyId == bodyId)
            && registry.IsWithin(n.NominatingUnit, unit, ReviewCalendar.ReferenceDate(stage.Year)))]);

    /// <summary>Sở Kế hoạch và Đầu tư Bắc Giang, a body with a quota of its own (IV.2.a).</summary>
    public static NominatingBody SoKhdtBacGiang { get; } = new("so-khdt-24", "Sở Kế hoạch và Đầu tư tỉnh Bắc Giang", BodyKinds.SoBan, "24", ["so-khdt"]);

    /// <summary>
    /// Bắc Giang's mid-term nominations: TP Bắc Giang (213) and Lục Nam (218) nominate households, communes and officials
    /// for the Bằng khen, on time (before the end of 30/11/2023 in Vietnam) or late; the Sở KH&amp;ĐT a collective and an individual;
    /// a ward of TP Bắc Giang (07201 Thọ Xương) gives a Giấy khen (no provincial deadline). Ids are "plan|n" so that the source can filter by plan.
    /// </summary>
    public static IReadOnlyList<NominationRecord> BacGiangNominations()
    {
        const string plan = "bac-giang-so-ket-2023";
        const string bk = "bang-khen-chu-tich-tinh";
        var onTime = new DateTimeOffset(2023, 11, 30, 16, 59, 0, TimeSpan.Zero); // 23:59 in Vietnam
        var late = new DateTimeOffset(2023, 11, 30, 17, 1, 0, TimeSpan.Zero);    // 00:01 on 01/12 in Vietnam
        var n = 0;
        NominationRecord Rec(string unit, string form, SubjectKind kind, DossierStatus status, DateTimeOffset? at, NominatingBody? body = null) =>
            new($"{plan}|{++n}", UnitCode.Parse(unit), body?.Id ?? NominatingBody.PeoplesCommitteePrefix + unit, form, kind, status, at, body);
        return
        [
            Rec("213", bk, SubjectKind.Household, DossierStatus.Approved, onTime),
            Rec("213", bk, SubjectKind.Household, DossierStatus.UnderReview, onTime),
            Rec("213", bk, SubjectKind.Commune, DossierStatus.Decided, onTime),
            Rec("213", bk, SubjectKind.Official, DossierStatus.Rejected, late),
            Rec("213", bk, SubjectKind.Village, DossierStatus.Draft, null),
            Rec("218", bk, SubjectKind.Commune, DossierStatus.Forwarded, onTime),
            Rec("218", bk, SubjectKind.Commune, DossierStatus.Approved, late),
            Rec("218", bk, SubjectKind.Household, DossierStatus.Submitted, late),
            Rec("24", bk, SubjectKind.Collective, DossierStatus.Approved, onTime, SoKhdtBacGiang),
            Rec("24", bk, SubjectKind.Individual, DossierStatus.Returned, onTime, SoKhdtBacGiang),
            Rec("07201", "giay-khen", SubjectKind.Household, DossierStatus.Decided, late),
        ];
    }

    /// <summary>A builder over these sources with the embedded plans, outlines, rules and units.</summary>
    public ReviewReportBuilder Builder() => new(Plans.Value, Reports.Value, Rules.Value, registry, this, this);

    /// <summary>The embedded plan catalogue.</summary>
    public static readonly Lazy<PlanCatalogue> Plans = new(PlanCatalogue.LoadEmbedded);

    /// <summary>The embedded outlines and schedules.</summary>
    public static readonly Lazy<ReportCatalogue> Reports = new(() => ReportCatalogue.LoadEmbedded(Plans.Value));

    /// <summary>The embedded dossier rules.</summary>
    public static readonly Lazy<DossierRuleBook> Rules = new(DossierRuleBook.LoadEmbedded);
}
