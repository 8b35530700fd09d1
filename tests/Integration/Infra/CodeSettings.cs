using System.Text.RegularExpressions;

namespace NoOneLeftBehind.Integration.Tests.Infra;

/// <summary>
/// Finds the configuration keys the code under src/ reads, by reading the C# text:
/// <list type="bullet">
/// <item><c>configuration["A:B"]</c>, <c>GetValue&lt;T&gt;("A:B")</c>, <c>GetSection("A")</c>,
/// <c>Environment.GetEnvironmentVariable("A")</c> with a string literal;</item>
/// <item>options classes: a class with <c>const string SectionName</c> (or <c>Section</c>) = "X", or bound with
/// <c>AddOptions&lt;T&gt;().Bind(x.GetSection("X"))</c>, <c>.BindConfiguration("X")</c> or
/// <c>Configure&lt;T&gt;(x.GetSection("X"))</c>: each
/// public <c>{ get; set; }</c> property, and each get-only collection, is the key <c>X__Property</c>.</item>
/// </list>
/// Limits: keys built at run time (string concatenation, constants from other classes passed to the indexer)
/// are not seen; a class body runs from its <c>class</c> keyword to the next one in the file; nested options
/// objects appear as one key (<c>Identity__DevIssuer</c>), their inner keys are covered by that prefix.
/// </summary>
internal static partial class CodeSettings
{
    /// <summary>Key (with <c>__</c> for <c>:</c>) → where it was found.</summary>
    public static SortedDictionary<string, string> Discover(string srcRoot)
    {
        var found = new SortedDictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var files = Directory.EnumerateFiles(srcRoot, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => (Path: Path.GetRelativePath(srcRoot, f), Text: File.ReadAllText(f)))
            .ToList();

        foreach (var (path, text) in files)
        {
            foreach (var regex in new[] { Indexer(), GetValue(), GetSection(), EnvironmentVariable() })
            {
                foreach (Match m in regex.Matches(text)) Add(found, m.Groups[1].Value, path);
            }
        }

        // class name → section, from bindings anywhere in src/
        var boundSections = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (_, text) in files)
        {
            foreach (Match m in OptionsBinding().Matches(text)) boundSections[m.Groups["type"].Value] = m.Groups["section"].Value;
        }
        var boundClasses = files.SelectMany(f => OptionsRegistration().Matches(f.Text).Select(m => m.Groups[1].Value)).ToHashSet(StringComparer.Ordinal);

        foreach (var (path, text) in files)
        {
            var classes = ClassDeclaration().Matches(text);
            for (var i = 0; i < classes.Count; i++)
            {
                var name = classes[i].Groups[1].Value;
                var body = text[classes[i].Index..(i + 1 < classes.Count ? classes[i + 1].Index : text.Length)];
                var constant = SectionConstant().Match(body);
                string? section = constant.Success ? constant.Groups[1].Value : boundSections.GetValueOrDefault(name);
                if (section is null)
                {
                    if (boundClasses.Contains(name))
                        throw new InvalidOperationException(
                            $"{path}: options class {name} is registered but its section cannot be read from the text; " +
                            "give it `public const string SectionName = \"...\";` or bind it with a literal GetSection(\"...\").");
                    continue;
                }
                foreach (Match p in Property().Matches(body))
                {
                    var type = p.Groups[1].Value.Trim();
                    var settable = p.Groups[3].Success;
                    if (!settable && !IsCollection(type)) continue;
                    Add(found, $"{section}__{p.Groups[2].Value}", $"{path} ({name})");
                }
            }
        }
        return found;
    }

    private static void Add(SortedDictionary<string, string> found, string key, string where)
    {
        var normalized = key.Replace(":", "__", StringComparison.Ordinal);
        found.TryAdd(normalized, where);
    }

    private static bool IsCollection(string type) =>
        type.EndsWith("[]", StringComparison.Ordinal)
        || type.StartsWith("IList<", StringComparison.Ordinal) || type.StartsWith("List<", StringComparison.Ordinal)
        || type.StartsWith("ICollection<", StringComparison.Ordinal) || type.StartsWith("ISet<", StringComparison.Ordinal)
        || type.StartsWith("HashSet<", StringComparison.Ordinal) || type.StartsWith("IDictionary<", StringComparison.Ordinal)
        || type.StartsWith("Dictionary<", StringComparison.Ordinal);

    [GeneratedRegex("""[Cc]onfig(?:uration)?\s*\[\s*"([^"]+)"\s*\]""")]
    private static partial Regex Indexer();

    [GeneratedRegex("""\.GetValue(?:<[^>]+>)?\(\s*"([^"]+)"\s*[,)]""")]
    private static partial Regex GetValue();

    [GeneratedRegex("""\.GetSection\(\s*"([^"]+)"\s*\)""")]
    private static partial Regex GetSection();

    [GeneratedRegex("""Environment\.GetEnvironmentVariable\(\s*"([^"]+)"\s*\)""")]
    private static partial Regex EnvironmentVariable();

    [GeneratedRegex("""(?:AddOptions<(?<type>\w+)>\(\)\s*\.Bind|Configure<(?<type>\w+)>)\(\s*\w+\.GetSection\(\s*"(?<section>[^"]+)"\s*\)|AddOptions<(?<type>\w+)>\(\)\s*\.BindConfiguration\(\s*"(?<section>[^"]+)"\s*\)""")]
    private static partial Regex OptionsBinding();

    [GeneratedRegex(@"(?:AddOptions|Configure)<(\w+)>\(")]
    private static partial Regex OptionsRegistration();

    [GeneratedRegex(@"\bclass\s+(\w+)")]
    private static partial Regex ClassDeclaration();

    [GeneratedRegex("""const\s+string\s+(?:SectionName|Section)\s*=\s*"([^"]+)"\s*;""")]
    private static partial Regex SectionConstant();

    [GeneratedRegex(@"public\s+(?!static\b|const\b|override\b|abstract\b)([\w<>\[\],?. ]+?)\s+(\w+)\s*\{\s*get;\s*((?:set|init);)?\s*\}")]
    private static partial Regex Property();
}
