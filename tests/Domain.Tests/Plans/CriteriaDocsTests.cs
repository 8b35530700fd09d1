using System.Runtime.CompilerServices;
using NoOneLeftBehind.Domain.Plans;
using NoOneLeftBehind.Domain.Tests.Criteria;

namespace NoOneLeftBehind.Domain.Tests.Plans;

public class CriteriaDocsTests
{
    [Fact]
    public void CriteriaMarkdown_MatchesTheCatalogue()
    {
        var path = Path.Combine(RepositoryRoot(), "docs", "criteria.md");
        File.Exists(path).ShouldBeTrue($"{path} is missing: run `{CatalogueMarkdown.Command}`");

        var expected = CatalogueMarkdown.Render(Nominations.Catalogue);

        File.ReadAllText(path).ReplaceLineEndings("\n").ShouldBe(expected, $"docs/criteria.md is stale: run `{CatalogueMarkdown.Command}`");
    }

    [Fact]
    public void CriteriaMarkdown_ListsEveryCriterionWithItsClause()
    {
        var markdown = CatalogueMarkdown.Render(Nominations.Catalogue);

        foreach (var plan in Nominations.Catalogue.Plans)
        {
            foreach (var criterion in plan.Subjects.SelectMany(s => s.Criteria))
                markdown.ShouldContain($"`{criterion.Id}`");
        }
        markdown.ShouldContain("poor-rate falls ≥ 4 points a year for 3 consecutive years");
        markdown.ShouldContain("poor-and-near-poor-count falls > 50 % vs the baseline year");
    }

    // The test assembly runs from an artifacts folder anywhere on disk; the source file knows where the repository is.
    private static string RepositoryRoot([CallerFilePath] string thisFile = "")
    {
        var directory = new DirectoryInfo(Path.GetDirectoryName(thisFile)!);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Serverless.sln")))
            directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("Serverless.sln not found above " + thisFile);
    }
}
