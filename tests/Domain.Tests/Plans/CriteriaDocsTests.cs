using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
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

    [Fact]
    public void CriteriaMarkdown_WritesDatesDayFirst()
    {
        var markdown = CatalogueMarkdown.Render(Nominations.Catalogue);

        markdown.ShouldContain("- every year on 10/11: Các cơ quan, đơn vị, địa phương", customMessage: "Chư Pưh IV.1: “Định kỳ trước ngày 10/11 hằng năm”, not 11-10 (11 October)");
        markdown.ShouldContain("- 30/11/2023: Các cơ quan, địa phương → Sở Lao động - Thương binh và Xã hội (IV.3.a)", customMessage: "Bắc Giang IV.3.a: “trước ngày 30/11/2023”");
        markdown.ShouldContain("- Document: 112/KH-UBND, 19/12/2017", customMessage: "Tuyên Quang: “ngày 19 tháng 12 năm 2017”");
        Regex.IsMatch(markdown, @"\b\d{4}-\d{2}-\d{2}\b").ShouldBeFalse("no ISO dates in the document users read");
        Regex.IsMatch(markdown, @"every year on \d{2}-\d{2}").ShouldBeFalse("no month-first days");
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
