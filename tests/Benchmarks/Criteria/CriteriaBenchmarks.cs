using BenchmarkDotNet.Attributes;
using NoOneLeftBehind.Domain.Criteria;
using NoOneLeftBehind.Domain.Plans;

namespace NoOneLeftBehind.Benchmarks.Criteria;

/// <summary>
/// One district nomination with five years of figures (Chư Pưh 2021–2025: yearly fall ≥ 4 points for 3 years or
/// poor + near-poor halved, plus two judgement criteria). Targets: verdict only ≥ 1.000.000/s on one core,
/// with Vietnamese explanations ≥ 100.000/s.
/// </summary>
[MemoryDiagnoser]
public class CriteriaEngineBenchmarks
{
    private CriteriaEngine _engine = null!;
    private EvaluationRequest _request = null!;

    [GlobalSetup]
    public void Setup()
    {
        _engine = new CriteriaEngine(PlanCatalogue.LoadEmbedded());
        _request = new EvaluationRequest
        {
            PlanId = PlanId.Parse("chu-puh-2021-2025"),
            Subject = new EvaluationSubject(SubjectKind.District, SubjectTags.None, "Huyện Chư Pưh", "625"),
            NominationYear = 2025,
            Statistics =
            [
                new(2021, 22_480, 4_496, 2_250), new(2022, 22_910, 3_550, 2_300), new(2023, 23_300, 2_600, 2_290),
                new(2024, 23_650, 1_650, 2_100), new(2025, 24_000, 640, 1_900),
            ],
            Facts = new EvaluationFacts(PolicyHouseholdsPoor: 0),
            Attestations = [new Attestation("district.1", true, "Biên bản họp Hội đồng")],
        };
    }

    [Benchmark(Baseline = true)]
    public Verdict VerdictOnly() => _engine.EvaluateVerdict(_request);

    [Benchmark]
    public EvaluationResult WithExplanations() => _engine.Evaluate(_request);
}

/// <summary>Every commune of a country (11.000 units × 5 years) against one plan. Target: &lt; 100 ms.</summary>
[MemoryDiagnoser]
public class CountryBenchmarks
{
    private const int Communes = 11_000;
    private CriteriaEngine _engine = null!;
    private EvaluationRequest[] _requests = null!;

    [GlobalSetup]
    public void Setup()
    {
        _engine = new CriteriaEngine(PlanCatalogue.LoadEmbedded());
        var random = new Random(20250701);
        var planId = PlanId.Parse("binh-dinh-2021-2025");
        _requests = new EvaluationRequest[Communes];
        for (var i = 0; i < Communes; i++)
        {
            var households = random.Next(800, 6_000);
            var poor = random.Next(0, households / 3);
            var near = random.Next(0, households / 4);
            var figures = new YearFigures[5];
            for (var y = 0; y < 5; y++)
            {
                figures[y] = new YearFigures(2021 + y, households, poor, near);
                poor = Math.Max(0, poor - random.Next(0, households / 15));
                near = Math.Max(0, near - random.Next(-households / 100, households / 30));
            }
            _requests[i] = new EvaluationRequest
            {
                PlanId = planId,
                Subject = new EvaluationSubject(SubjectKind.Commune, i % 3 == 0 ? SubjectTags.Region3 : SubjectTags.Region1),
                NominationYear = 2025,
                Statistics = figures,
            };
        }
    }

    [Benchmark(Baseline = true)]
    public int AllCommunes_VerdictOnly()
    {
        var eligible = 0;
        foreach (var request in _requests)
        {
            if (_engine.EvaluateVerdict(request) != Verdict.NotEligible)
                eligible++;
        }
        return eligible;
    }

    [Benchmark]
    public int AllCommunes_WithExplanations()
    {
        var criteria = 0;
        foreach (var request in _requests)
            criteria += _engine.Evaluate(request).Criteria.Count;
        return criteria;
    }
}

/// <summary>Loading, validating and compiling the five embedded plans. Target: &lt; 50 ms.</summary>
[MemoryDiagnoser]
public class CatalogueBenchmarks
{
    [Benchmark]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "BenchmarkDotNet runs instance methods.")]
    public PlanCatalogue LoadAndValidate() => PlanCatalogue.LoadEmbedded();
}
