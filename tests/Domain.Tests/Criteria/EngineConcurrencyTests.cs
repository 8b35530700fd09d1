using NoOneLeftBehind.Domain.Criteria;
using NoOneLeftBehind.Domain.Plans;
using static NoOneLeftBehind.Domain.Tests.Criteria.Nominations;

namespace NoOneLeftBehind.Domain.Tests.Criteria;

public class EngineConcurrencyTests
{
    [Fact]
    public void Evaluate_FromManyThreads_GivesTheSequentialResults()
    {
        var requests = Enumerable.Range(0, 400).Select(i => Request(
            i % 2 == 0 ? ChuPuh : BinhDinh, SubjectKind.District, 2024,
            Series(2021, 10_000, 3_000 - i, 2000, 1600 - i % 7, 1200 + i % 5, 800), i % 3 == 0 ? SubjectTags.PoorDistrict : SubjectTags.None)).ToArray();
        var sequential = requests.Select(r => Render(Engine.Evaluate(r))).ToArray();

        var parallel = new string[requests.Length];
        Parallel.For(0, requests.Length * 4, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var k = i % requests.Length;
            parallel[k] = Render(Engine.Evaluate(requests[k]));
            Engine.EvaluateVerdict(requests[k]);
        });

        parallel.ShouldBe(sequential);
    }

    private static string Render(EvaluationResult result) =>
        result.Verdict + "|" + string.Join("|", result.Criteria.Select(c => $"{c.Id}:{c.Status}:{c.Explanation}"));
}
