using System.Text;
using System.Text.RegularExpressions;

namespace NoOneLeftBehind.Integration.Tests.Infra;

/// <summary>
/// Just enough reading of Bicep text for the checks the compiler does not make (InfraTemplateTests; the
/// compiler itself runs in BicepCompileTests). Not a parser: it strips comments, blanks out string literals
/// (including <c>${...}</c> interpolations and <c>'''</c> multi-line strings) so that braces and colons left are
/// structural, and then finds top-level <c>param</c>/<c>output</c> statements line by line.
/// Limits: statements must start at column 0 (as the formatter writes them); decorators are recognised only on
/// lines starting with <c>@</c>.
/// </summary>
internal sealed partial class BicepFile
{
    private BicepFile(string path, string raw)
    {
        Path = path;
        Raw = raw.Replace("\r\n", "\n", StringComparison.Ordinal);
        (Code, Structure) = Mask(Raw);
        Scan();
    }

    public string Path { get; }

    /// <summary>The file as written.</summary>
    public string Raw { get; }

    /// <summary>Comments blanked, strings kept: where to look for keys and values.</summary>
    public string Code { get; }

    /// <summary>Comments and string contents blanked: where to count braces.</summary>
    public string Structure { get; }

    public List<BicepParam> Params { get; } = [];

    public List<BicepOutput> Outputs { get; } = [];

    public static BicepFile Load(string path) => new(path, File.ReadAllText(path));

    public static BicepFile Parse(string text) => new("(inline)", text);

    /// <summary>
    /// Returns (code without comments, code without comments or string contents), both the same length as
    /// the input so that an index in one is an index in the others.
    /// </summary>
    internal static (string Code, string Structure) Mask(string s)
    {
        var code = new StringBuilder(s.Length);
        var structure = new StringBuilder(s.Length);
        // -1: inside a string; n >= 0: inside an interpolation, n open braces deep.
        var stack = new Stack<int>();
        var i = 0;
        while (i < s.Length)
        {
            var c = s[i];
            var next = i + 1 < s.Length ? s[i + 1] : '\0';
            var inCode = stack.Count == 0 || stack.Peek() >= 0;
            if (inCode)
            {
                if (c == '/' && next == '/')
                {
                    while (i < s.Length && s[i] != '\n') { code.Append(' '); structure.Append(' '); i++; }
                    continue;
                }
                if (c == '/' && next == '*')
                {
                    var end = s.IndexOf("*/", i + 2, StringComparison.Ordinal);
                    end = end < 0 ? s.Length : end + 2;
                    for (; i < end; i++) { var k = s[i] == '\n' ? '\n' : ' '; code.Append(k); structure.Append(k); }
                    continue;
                }
                if (c == '\'' && string.CompareOrdinal(s, i, "'''", 0, 3) == 0)
                {
                    var end = s.IndexOf("'''", i + 3, StringComparison.Ordinal);
                    end = end < 0 ? s.Length : end + 3;
                    for (; i < end; i++) { code.Append(s[i]); structure.Append(s[i] == '\n' ? '\n' : ' '); }
                    continue;
                }
                if (c == '\'')
                {
                    stack.Push(-1);
                    code.Append(c);
                    structure.Append(stack.Count == 1 ? '\'' : ' ');
                    i++;
                    continue;
                }
                if (stack.Count > 0)
                {
                    // inside an interpolation: track its braces, blank it out of the structure
                    if (c == '{') stack.Push(stack.Pop() + 1);
                    else if (c == '}')
                    {
                        var depth = stack.Pop();
                        if (depth > 0) stack.Push(depth - 1);
                    }
                    code.Append(c);
                    structure.Append(c == '\n' ? '\n' : ' ');
                    i++;
                    continue;
                }
                code.Append(c);
                structure.Append(c);
                i++;
                continue;
            }

            // inside a string
            if (c == '\\' && i + 1 < s.Length)
            {
                code.Append(c).Append(next);
                structure.Append(' ').Append(next == '\n' ? '\n' : ' ');
                i += 2;
                continue;
            }
            if (c == '\'')
            {
                stack.Pop();
                code.Append(c);
                structure.Append(stack.Count == 0 ? '\'' : ' ');
                i++;
                continue;
            }
            if (c == '$' && next == '{')
            {
                stack.Push(0);
                code.Append("${");
                structure.Append("  ");
                i += 2;
                continue;
            }
            code.Append(c);
            structure.Append(c == '\n' ? '\n' : ' ');
            i++;
        }
        return (code.ToString(), structure.ToString());
    }

    /// <summary>Index of the bracket closing the one at <paramref name="open"/>, counted on <see cref="Structure"/>.</summary>
    public int Close(int open)
    {
        var depth = 0;
        for (var i = open; i < Structure.Length; i++)
        {
            var c = Structure[i];
            if (c is '{' or '[' or '(') depth++;
            else if (c is '}' or ']' or ')')
            {
                depth--;
                if (depth == 0) return i;
            }
        }
        throw new FormatException($"{Path}: unbalanced bracket opened at offset {open}");
    }

    private void Scan()
    {
        var raw = Raw.Split('\n');
        var structure = Structure.Split('\n');
        var depth = 0;
        var decorators = new List<string>();
        var collectingDecorator = false;
        for (var n = 0; n < structure.Length; n++)
        {
            var line = structure[n];
            var trimmed = line.Trim();
            if (depth == 0)
            {
                collectingDecorator = false;
                if (trimmed.Length == 0)
                {
                    // blank line or comment: decorators still apply to the next statement
                }
                else if (trimmed[0] == '@')
                {
                    decorators.Add(raw[n]);
                    collectingDecorator = true;
                }
                else
                {
                    Statement(line, raw[n], string.Join('\n', decorators));
                    decorators.Clear();
                }
            }
            else if (collectingDecorator)
            {
                decorators.Add(raw[n]);
            }
            foreach (var c in line)
            {
                if (c is '{' or '[' or '(') depth++;
                else if (c is '}' or ']' or ')') depth--;
            }
        }
    }

    private void Statement(string structureLine, string rawLine, string decorators)
    {
        var p = ParamStatement().Match(structureLine);
        if (p.Success)
        {
            var type = p.Groups[2].Value.Trim();
            Params.Add(new BicepParam(
                p.Groups[1].Value,
                rawLine[p.Groups[2].Index..(p.Groups[2].Index + p.Groups[2].Length)].Trim(),
                HasDefault: p.Groups[3].Success,
                Nullable: type.EndsWith('?'),
                decorators));
            return;
        }
        var o = OutputStatement().Match(structureLine);
        if (o.Success)
        {
            Outputs.Add(new BicepOutput(o.Groups[1].Value, rawLine.Trim(), decorators));
        }
    }

    [GeneratedRegex(@"^param\s+(\w+)\s+([^=]+?)\s*(=.*)?$")]
    private static partial Regex ParamStatement();

    [GeneratedRegex(@"^output\s+(\w+)\s")]
    private static partial Regex OutputStatement();
}

/// <summary>A top-level <c>param</c>: its declared type as written and its decorators' text.</summary>
internal sealed record BicepParam(string Name, string Type, bool HasDefault, bool Nullable, string Decorators)
{
    public bool Required => !HasDefault && !Nullable;

    public bool HasDescription => Decorators.Contains("@description(", StringComparison.Ordinal)
                                  || Decorators.Contains("@sys.description(", StringComparison.Ordinal);
}

/// <summary>A top-level <c>output</c> and its first line.</summary>
internal sealed record BicepOutput(string Name, string Line, string Decorators);
