// Regenerates docs/criteria.md from the embedded plan catalogue.
// Usage: dotnet run --project tools/CatalogueDocs [-- <output path>]
using NoOneLeftBehind.Domain.Plans;

var output = args.Length > 0 ? args[0] : Path.Combine(FindRepositoryRoot(), "docs", "criteria.md");
var markdown = CatalogueMarkdown.Render(PlanCatalogue.LoadEmbedded());
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
await File.WriteAllTextAsync(output, markdown);
Console.WriteLine($"Wrote {output}");

static string FindRepositoryRoot()
{
    var directory = new DirectoryInfo(Directory.GetCurrentDirectory());
    while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Serverless.sln")))
        directory = directory.Parent;
    return directory?.FullName ?? throw new InvalidOperationException("Run from inside the repository (Serverless.sln not found).");
}
