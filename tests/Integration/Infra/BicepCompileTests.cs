using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace NoOneLeftBehind.Integration.Tests.Infra;

/// <summary>
/// Compiles and lints every entry point of infra/bicep with the real Bicep CLI, restored from NuGet by this
/// project's &lt;PackageDownload&gt; (version: BicepCliVersion in Directory.Packages.props). One test case per entry
/// point: each <c>*.bicep</c> directly in infra/bicep (its modules are compiled through it), each
/// <c>*.bicepparam</c>, and each <c>*.parameters.json</c> (checked against its template by compiling it as a
/// .bicepparam, see <see cref="ParametersJsonAsBicepParam"/>). Any error or warning of the compiler or the
/// linter fails the case, listed as file:line:column level code: message. Not checked here: what Azure itself
/// would say (a what-if needs a subscription, see docs/deploy.md).
/// </summary>
public sealed partial class BicepCompileTests
{
    /// <summary>
    /// Values for the azd variables of main.parameters.json that have no default there, as <c>azd provision</c>
    /// would take them from the environment. Variables with a default (<c>${NAME=default}</c>) get their default.
    /// </summary>
    private static readonly Dictionary<string, string> SampleAzdEnvironment = new(StringComparer.Ordinal)
    {
        ["AZURE_ENV_NAME"] = "ci-compile",
        ["AZURE_LOCATION"] = "southeastasia",
        ["AZURE_API_CLIENT_ID"] = "00000000-0000-0000-0000-000000000000",
    };

    private static readonly string Root = InfraTemplateTests.Root;
    private static readonly string BicepDir = Path.Combine(Root, "infra", "bicep");

    public static TheoryData<string> EntryPoints()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(BicepDir)
                     .Where(f => f.EndsWith(".bicep", StringComparison.Ordinal)
                                 || f.EndsWith(".bicepparam", StringComparison.Ordinal)
                                 || f.EndsWith(".parameters.json", StringComparison.Ordinal))
                     .Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(Root, file).Replace('\\', '/'));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(EntryPoints))]
    public void EntryPoint_CompilesAndLints_WithNoErrorOrWarning(string entryPoint)
    {
        var path = Path.Combine(Root, entryPoint);
        var runs = new List<BicepRun>();
        string? generated = null;
        if (entryPoint.EndsWith(".bicep", StringComparison.Ordinal))
        {
            var build = Bicep.Run("build", path, "--stdout");
            runs.Add(build);
            runs.Add(Bicep.Run("lint", path));
            if (build.ExitCode == 0) ShouldBeArmTemplate(build.Stdout, entryPoint);
        }
        else
        {
            var bicepparam = path;
            if (entryPoint.EndsWith(".parameters.json", StringComparison.Ordinal))
            {
                var template = path[..^".parameters.json".Length] + ".bicep";
                File.Exists(template).ShouldBeTrue($"{entryPoint} has no template beside it ({Rel(template)})");
                var dir = Directory.CreateTempSubdirectory("bicep-params-");
                bicepparam = Path.Combine(dir.FullName, Path.GetFileName(template)[..^".bicep".Length] + ".bicepparam");
                generated = ParametersJsonAsBicepParam(File.ReadAllText(path), Path.GetRelativePath(dir.FullName, template).Replace('\\', '/'));
                File.WriteAllText(bicepparam, generated);
            }
            try
            {
                var build = Bicep.Run("build-params", bicepparam, "--stdout");
                runs.Add(build);
                if (build.ExitCode == 0)
                {
                    using var json = JsonDocument.Parse(build.Stdout);
                    json.RootElement.TryGetProperty("parametersJson", out _).ShouldBeTrue($"bicep build-params {entryPoint} printed no parametersJson");
                }
            }
            finally
            {
                if (generated is not null) Directory.Delete(Path.GetDirectoryName(bicepparam)!, recursive: true);
            }
        }

        var problems = runs.SelectMany(r => r.Problems(generated is null ? null : (entryPoint + " (as the .bicepparam below)"))).Distinct().ToList();
        var failed = runs.Where(r => r.ExitCode != 0).Select(r => $"bicep {r.Command} exited with {r.ExitCode}").ToList();
        if (problems.Count == 0 && failed.Count == 0) return;

        var message = new StringBuilder();
        message.AppendLine(Invariant($"{entryPoint}: Bicep {Bicep.Version} reports {problems.Count} error(s)/warning(s); CI accepts none (warnings included)."));
        foreach (var line in failed.Concat(problems)) message.AppendLine("  " + line);
        if (generated is not null)
        {
            message.AppendLine(Invariant($"{entryPoint} as compiled (azd variables replaced by their defaults or the test's samples):"));
            message.AppendLine(generated);
        }
        Assert.Fail(message.ToString());
    }

    [Fact]
    public void EntryPoints_IncludeMainAndItsParameters()
    {
        var cases = ((IEnumerable<object[]>)EntryPoints()).Select(row => (string)row[0]).ToList();
        cases.ShouldContain("infra/bicep/main.bicep");
        cases.ShouldContain("infra/bicep/main.parameters.json");
    }

    [Fact]
    public void ParametersJson_BecomesABicepParamFile_WithAzdVariablesReplaced()
    {
        var text = ParametersJsonAsBicepParam("""
            {
              "parameters": {
                "environmentName": { "value": "${AZURE_ENV_NAME}" },
                "messaging": { "value": "${AZURE_MESSAGING=storage-queues}" },
                "list": { "value": [ "${AZURE_NONE=}", "it's \\ \u0024{not-azd}" ] },
                "count": { "value": 3 },
                "flags": { "value": { "on": true, "a-b": null } }
              }
            }
            """, "../main.bicep");
        text.ShouldBe("""
            using '../main.bicep'

            param environmentName = 'ci-compile'
            param messaging = 'storage-queues'
            param list = [
              ''
              'it\'s \\ \${not-azd}'
            ]
            param count = 3
            param flags = {
              'on': true
              'a-b': null
            }

            """.Replace("\r\n", "\n", StringComparison.Ordinal));
        Should.Throw<InvalidDataException>(() => ParametersJsonAsBicepParam("""{ "parameters": { "a": { "value": "${AZURE_UNKNOWN}" } } }""", "m.bicep"))
            .Message.ShouldContain("AZURE_UNKNOWN");
    }

    /// <summary>
    /// An ARM parameters file (as azd reads it: <c>${NAME}</c> and <c>${NAME=default}</c> replaced from the
    /// environment first) written as a .bicepparam file <c>using</c> its template, so that the compiler checks it
    /// against the template: undeclared parameters, missing required ones, types and allowed values.
    /// </summary>
    internal static string ParametersJsonAsBicepParam(string json, string usingPath)
    {
        var missing = new List<string>();
        var substituted = AzdVariable().Replace(json, m =>
        {
            var name = m.Groups["name"].Value;
            if (SampleAzdEnvironment.TryGetValue(name, out var sample)) return JsonEncodedText.Encode(sample).ToString();
            if (m.Groups["default"].Success) return m.Groups["default"].Value;
            missing.Add(name);
            return "";
        });
        if (missing.Count > 0)
        {
            throw new InvalidDataException(
                $"the parameters file uses azd variables without a default: {string.Join(", ", missing)}; add a sample value to {nameof(SampleAzdEnvironment)}");
        }

        using var doc = JsonDocument.Parse(substituted);
        var text = new StringBuilder();
        text.Append("using '").Append(usingPath).Append("'\n\n");
        foreach (var parameter in doc.RootElement.GetProperty("parameters").EnumerateObject())
        {
            if (!parameter.Value.TryGetProperty("value", out var value))
            {
                throw new InvalidDataException($"parameter {parameter.Name} has no \"value\" (a Key Vault reference?); this test cannot compile it");
            }
            text.Append("param ").Append(parameter.Name).Append(" = ");
            WriteLiteral(text, value, "");
            text.Append('\n');
        }
        return text.ToString();
    }

    private static void WriteLiteral(StringBuilder text, JsonElement value, string indent)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                text.Append(Quote(value.GetString()!));
                break;
            case JsonValueKind.Number:
                text.Append(value.GetRawText());
                break;
            case JsonValueKind.True:
                text.Append("true");
                break;
            case JsonValueKind.False:
                text.Append("false");
                break;
            case JsonValueKind.Null:
                text.Append("null");
                break;
            case JsonValueKind.Array:
                text.Append("[\n");
                foreach (var item in value.EnumerateArray())
                {
                    text.Append(indent).Append("  ");
                    WriteLiteral(text, item, indent + "  ");
                    text.Append('\n');
                }
                text.Append(indent).Append(']');
                break;
            case JsonValueKind.Object:
                text.Append("{\n");
                foreach (var property in value.EnumerateObject())
                {
                    text.Append(indent).Append("  ").Append(Quote(property.Name)).Append(": ");
                    WriteLiteral(text, property.Value, indent + "  ");
                    text.Append('\n');
                }
                text.Append(indent).Append('}');
                break;
            default:
                throw new InvalidDataException($"unexpected JSON value {value.ValueKind}");
        }
    }

    private static string Quote(string s)
    {
        var quoted = new StringBuilder("'");
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            quoted.Append(c switch
            {
                '\\' => @"\\",
                '\'' => @"\'",
                '\n' => @"\n",
                '\r' => @"\r",
                '\t' => @"\t",
                '$' when i + 1 < s.Length && s[i + 1] == '{' => @"\$",
                _ => c.ToString(),
            });
        }
        return quoted.Append('\'').ToString();
    }

    private static void ShouldBeArmTemplate(string stdout, string entryPoint)
    {
        using var json = JsonDocument.Parse(stdout);
        (json.RootElement.GetProperty("$schema").GetString() ?? "").ShouldContain("deploymentTemplate", customMessage: $"bicep build {entryPoint}");
        json.RootElement.TryGetProperty("resources", out _).ShouldBeTrue($"bicep build {entryPoint}: no resources");
    }

    private static string Rel(string path) => Path.GetRelativePath(Root, path);

    private static string Invariant(FormattableString s) => FormattableString.Invariant(s);

    [GeneratedRegex(@"\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(?:=(?<default>[^}]*))?\}")]
    private static partial Regex AzdVariable();

    /// <summary>One run of the CLI: its exit code, standard output and the diagnostics it printed.</summary>
    private sealed partial record BicepRun(string Command, string File, int ExitCode, string Stdout, string Stderr)
    {
        /// <summary>
        /// Every error and warning as "path:line:column Level code: message" (paths relative to the checkout;
        /// <paramref name="generatedName"/> stands for a generated file outside it), plus any line of standard
        /// error that is not a diagnostic. Info diagnostics are left out.
        /// </summary>
        public IEnumerable<string> Problems(string? generatedName)
        {
            foreach (var line in Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var d = Diagnostic().Match(line);
                if (!d.Success)
                {
                    yield return "bicep " + Command + ": " + line;
                    continue;
                }
                if (d.Groups["level"].Value == "Info") continue;
                var file = d.Groups["file"].Value;
                var shown = file == File && generatedName is not null ? generatedName : Path.GetRelativePath(Root, file);
                yield return $"{shown}:{d.Groups["line"].Value}:{d.Groups["column"].Value} {d.Groups["level"].Value} {d.Groups["code"].Value}: {d.Groups["message"].Value}";
            }
        }

        [GeneratedRegex(@"^(?<file>.+)\((?<line>\d+),(?<column>\d+)\) : (?<level>Error|Warning|Info) (?<code>[^:\s]+): (?<message>.*)$")]
        private static partial Regex Diagnostic();
    }

    /// <summary>The CLI restored from NuGet (its path is written into this assembly at build time).</summary>
    private static class Bicep
    {
        private static readonly Lazy<string> Executable = new(Locate);

        public static string Version =>
            typeof(BicepCompileTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .SingleOrDefault(a => a.Key == "BicepCliVersion")?.Value ?? "(unknown)";

        public static BicepRun Run(string command, string file, params string[] options)
        {
            var start = new ProcessStartInfo(Executable.Value)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(command);
            start.ArgumentList.Add(file);
            foreach (var option in options) start.ArgumentList.Add(option);
            // The CLI is a .NET program: keep it quiet and off the network.
            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            start.Environment["DOTNET_NOLOGO"] = "1";

            using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {Executable.Value}");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"bicep {command} {file} did not finish in 3 minutes");
            }
            process.WaitForExit();
            return new BicepRun(command, file, process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
        }

        private static string Locate()
        {
            var path = typeof(BicepCompileTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .SingleOrDefault(a => a.Key == "BicepCli")?.Value;
            if (string.IsNullOrEmpty(path) || path.StartsWith("azure.bicep", StringComparison.Ordinal) || !File.Exists(path))
            {
                throw new FileNotFoundException(
                    $"The Bicep CLI is not where restore should have put it ({path ?? "no path recorded"}). It comes from the " +
                    "Azure.Bicep.CommandLine.linux-x64 <PackageDownload> of tests/Integration/Integration.csproj: run " +
                    "`dotnet build Serverless.sln` (it restores), on Linux x64.");
            }
            if (OperatingSystem.IsWindows()) return path;

            // NuGet may extract the binary without its executable bit.
            var mode = File.GetUnixFileMode(path);
            if (mode.HasFlag(UnixFileMode.UserExecute)) return path;
            try
            {
                File.SetUnixFileMode(path, mode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
                return path;
            }
            catch (UnauthorizedAccessException)
            {
                // A package folder we may not write to: run a copy.
                var copy = Path.Combine(Path.GetTempPath(), $"bicep-{Version}-{Environment.ProcessId}");
                File.Copy(path, copy, overwrite: true);
                File.SetUnixFileMode(copy, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                return copy;
            }
        }
    }
}
