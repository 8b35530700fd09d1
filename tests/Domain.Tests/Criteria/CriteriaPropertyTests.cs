using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NoOneLeftBehind.Domain.Criteria;
using NoOneLeftBehind.Domain.Plans;
using static NoOneLeftBehind.Domain.Tests.Criteria.Nominations;

namespace NoOneLeftBehind.Domain.Tests.Criteria;

/// <summary>Properties of the engine over every numeric rule of the seed plans (FsCheck.Xunit, 300 cases each; a failure is shrunk and reported with its seed).</summary>
public class CriteriaPropertyTests
{
    /// <summary>Subjects with numeric criteria, each at the end of its plan's period.</summary>
    private static readonly Scenario[] Scenarios =
    [
        new(ChuPuh, SubjectKind.District, SubjectTags.None, 2021, 2025),
        new(ChuPuh, SubjectKind.Commune, SubjectTags.Region2, 2021, 2025),
        new(ChuPuh, SubjectKind.Village, SubjectTags.None, 2021, 2024),
        new(BinhDinh, SubjectKind.District, SubjectTags.PoorDistrict, 2021, 2025),
        new(BinhDinh, SubjectKind.District, SubjectTags.None, 2021, 2024),
        new(BinhDinh, SubjectKind.Commune, SubjectTags.Region3, 2021, 2025),
        new(BinhDinh, SubjectKind.Village, SubjectTags.None, 2021, 2023),
        new(TuyenQuang, SubjectKind.District, SubjectTags.None, 2015, 2020),
        new(TuyenQuang, SubjectKind.District, SubjectTags.PoorDistrict, 2015, 2020),
        new(TuyenQuang, SubjectKind.Commune, SubjectTags.PoorCommune | SubjectTags.Region3, 2015, 2020),
        new(TuyenQuang, SubjectKind.Commune, SubjectTags.PoorCommune | SubjectTags.Region2, 2015, 2020),
        new(TuyenQuang, SubjectKind.Commune, SubjectTags.None, 2015, 2020),
    ];

    public sealed record Scenario(string PlanId, SubjectKind Kind, SubjectTags Tags, int Baseline, int Nomination)
    {
        public int Years => Nomination - Baseline + 1;

        public EvaluationRequest Request(IReadOnlyList<YearFigures> figures) =>
            Nominations.Request(PlanId, Kind, Nomination, figures, Tags, new EvaluationFacts(PolicyHouseholdsPoor: 0));

        public override string ToString() => $"{PlanId}/{Kind}/{Tags}";
    }

    public sealed record FallCase(Scenario Scenario, long StartPoor, long NearPoor, int[] Falls, int[] Extra, bool[] Missing)
    {
        public YearFigures[] Figures(bool larger)
        {
            const long households = 100_000;
            var figures = new List<YearFigures>();
            var poor = StartPoor;
            for (var i = 0; i < Scenario.Years; i++)
            {
                if (i > 0)
                    poor -= Falls[i] + (larger ? Extra[i] : 0);
                if (!Missing[i])
                    figures.Add(new YearFigures(Scenario.Baseline + i, households, poor, NearPoor));
            }
            return [.. figures];
        }

        public override string ToString() =>
            $"{Scenario} start={StartPoor} near={NearPoor} falls=[{string.Join(",", Falls)}] extra=[{string.Join(",", Extra)}] missing=[{string.Join(",", Missing)}]";
    }

    // 100.000 households; falls of −1 to +6 points a year, made larger by up to 1,5 points: counts stay positive.
    private static readonly Gen<FallCase> FallCases =
        from scenario in Gen.Elements(Scenarios)
        from start in Gen.Choose(40_000, 60_000)
        from near in Gen.Choose(0, 35_000)
        from falls in Gen.ArrayOf(Gen.Frequency((3, Gen.Choose(350, 800)), (2, Gen.Choose(-1_000, 6_000))), 6)
        from extra in Gen.ArrayOf(Gen.Frequency((1, Gen.Constant(0)), (3, Gen.Choose(0, 1_500))), 6)
        from missing in Gen.ArrayOf(Gen.Frequency((9, Gen.Constant(false)), (1, Gen.Constant(true))), 6)
        select new FallCase(scenario, start, near, falls, extra, missing);

    private static readonly Gen<(Scenario Scenario, YearFigures[] Figures)> RandomFigures =
        from scenario in Gen.Elements(Scenarios)
        from rows in Gen.ArrayOf(
            from households in Gen.Choose(100, 50_000)
            from poor in Gen.Choose(0, households)
            from near in Gen.Choose(0, households - poor)
            select (households, poor, near), 6)
        from keep in Gen.ArrayOf(Gen.Frequency((6, Gen.Constant(true)), (1, Gen.Constant(false))), 6)
        select (scenario, rows.Take(scenario.Years)
            .Select((r, i) => (r, i))
            .Where(x => keep[x.i])
            .Select(x => new YearFigures(scenario.Baseline + x.i, x.r.households, x.r.poor, x.r.near))
            .ToArray());

    [Property(MaxTest = 300)]
    public Property LargerYearlyFalls_NeverTurnMetIntoNotMet()
    {
        return Prop.ForAll(FallCases.ToArbitrary(), c =>
        {
            var before = Engine.Evaluate(c.Scenario.Request(c.Figures(larger: false)));
            var after = Engine.Evaluate(c.Scenario.Request(c.Figures(larger: true)));
            return before.Criteria.Zip(after.Criteria).All(p => p.First.Status != CriterionStatus.Met || p.Second.Status == CriterionStatus.Met)
                && (before.Verdict != Verdict.NeedsReview || after.Verdict == Verdict.NeedsReview);
        });
    }

    [Property(MaxTest = 300)]
    public Property ScalingEveryCount_NeverChangesAStatus()
    {
        return Prop.ForAll(RandomFigures.ToArbitrary(), Gen.Choose(2, 1_000).ToArbitrary(), (sample, factor) =>
        {
            var scaled = sample.Figures.Select(f => f with { Households = f.Households * factor, Poor = f.Poor * factor, NearPoor = f.NearPoor * factor }).ToArray();
            var before = Engine.Evaluate(sample.Scenario.Request(sample.Figures));
            var after = Engine.Evaluate(sample.Scenario.Request(scaled));
            return before.Verdict == after.Verdict
                && before.Criteria.Select(c => c.Status).SequenceEqual(after.Criteria.Select(c => c.Status));
        });
    }

    [Property(MaxTest = 300)]
    public Property ShufflingStatistics_NeverChangesTheResult()
    {
        var cases =
            from sample in RandomFigures
            from shuffled in Gen.Shuffle(sample.Figures)
            select (sample.Scenario, sample.Figures, Shuffled: shuffled);

        return Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var a = Engine.Evaluate(c.Scenario.Request(c.Figures));
            var b = Engine.Evaluate(c.Scenario.Request(c.Shuffled));
            return a.Verdict == b.Verdict
                && Engine.EvaluateVerdict(c.Scenario.Request(c.Shuffled)) == a.Verdict
                && a.Criteria.Zip(b.Criteria).All(p =>
                    p.First.Status == p.Second.Status
                    && p.First.Explanation == p.Second.Explanation
                    && p.First.Values.OrderBy(v => v.Key, StringComparer.Ordinal).SequenceEqual(p.Second.Values.OrderBy(v => v.Key, StringComparer.Ordinal)));
        });
    }

    [Property(MaxTest = 300)]
    public Property VerdictOnly_AgreesWithFullEvaluation()
    {
        return Prop.ForAll(RandomFigures.ToArbitrary(), sample =>
        {
            var request = sample.Scenario.Request(sample.Figures);
            return Engine.EvaluateVerdict(request) == Engine.Evaluate(request).Verdict;
        });
    }
}
