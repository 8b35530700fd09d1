using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace NoOneLeftBehind.Integration.Tests.Infra;

/// <summary>
/// What the Bicep compiler does not check (<see cref="BicepCompileTests"/> compiles and lints the templates):
/// descriptions, documented role ids, the absence of keys and secrets, the settings the product needs, and
/// that every setting the code reads is either set by the template or knowingly left out
/// (infra/app-settings.json). Nothing is deployed here; see docs/deploy.md for what-if and deployment.
/// The Bicep reading is textual (<see cref="BicepFile"/> lists its limits).
/// </summary>
public sealed partial class InfraTemplateTests
{
    /// <summary>
    /// Documented built-in role definition ids (learn.microsoft.com/azure/role-based-access-control/built-in-roles,
    /// Storage, Integration, Monitor and Security pages), copied from the documentation, not from the template.
    /// </summary>
    private static readonly Dictionary<string, string> BuiltInRoles = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ba92f5b4-2d11-453d-a403-e96b0029c9fe"] = "Storage Blob Data Contributor",
        ["b7e6dc6d-f1e8-4753-8033-0f276bb0955b"] = "Storage Blob Data Owner",
        ["db58b8e5-c6ad-4a2a-8342-4190687cbf4a"] = "Storage Blob Delegator",
        ["974c5e8b-45b9-4653-ba55-5f855dd0fb88"] = "Storage Queue Data Contributor",
        ["0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3"] = "Storage Table Data Contributor",
        ["69a216fc-b8fb-44d8-bc22-1f3c2cd27a39"] = "Azure Service Bus Data Sender",
        ["4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0"] = "Azure Service Bus Data Receiver",
        ["3913510d-42f4-4e42-8a64-420c390055eb"] = "Monitoring Metrics Publisher",
        ["4633458b-17de-408a-b874-0445c86b69e6"] = "Key Vault Secrets User",
    };

    internal static readonly string Root = RepoRoot();
    private static readonly string BicepDir = Path.Combine(Root, "infra", "bicep");
    private static readonly BicepFile Main = BicepFile.Load(Path.Combine(BicepDir, "main.bicep"));
    private static readonly List<BicepFile> AllBicep = Directory
        .EnumerateFiles(BicepDir, "*.bicep", SearchOption.AllDirectories)
        .Order(StringComparer.Ordinal)
        .Select(BicepFile.Load)
        .ToList();

    [Fact]
    public void EveryParameter_HasADescription()
    {
        var missing = AllBicep.SelectMany(f => f.Params.Where(p => !p.HasDescription).Select(p => $"{Rel(f.Path)}: {p.Name}")).ToList();
        missing.ShouldBeEmpty();
        AllBicep.SelectMany(f => f.Params).Count().ShouldBeGreaterThan(20, "the parameter scan found suspiciously few parameters");
    }

    [Fact]
    public void Parameters_AreNotSecure_ButTheGeneratedEmbedKey()
    {
        // One exception, and it needs nothing from the deployer: the embed tokens' HMAC key (ADR 0005), generated
        // at deployment by its default, handed only to the Key Vault module, never in the parameters file.
        var generated = new[] { "embeddingSigningKey" };
        foreach (var file in AllBicep)
        {
            foreach (var p in file.Params)
            {
                if (generated.Contains(p.Name, StringComparer.Ordinal)) continue;
                p.Decorators.ShouldNotContain("@secure()", caseSensitivity: Case.Sensitive,
                    customMessage: $"{Rel(file.Path)}: {p.Name} is @secure(); nothing in this template should need a secret");
            }
        }
        var main = File.ReadAllText(Path.Combine(BicepDir, "main.bicep"));
        main.ShouldContain("param embeddingSigningKey string = base64('${newGuid()}${newGuid()}')");
        File.ReadAllText(Path.Combine(BicepDir, "main.parameters.json")).ShouldNotContain("embeddingSigningKey");
        // Passed to the vault module only; the app gets a Key Vault reference, not the value.
        Regex.Count(main, @"\bembeddingSigningKey\b").ShouldBe(3, "declared once and passed to modules/key-vault.bicep only");
        main.ShouldContain("Embedding__SigningKey: '@Microsoft.KeyVault(SecretUri=${keyVault.outputs.embeddingSigningKeySecretUri})'");
    }

    [Fact]
    public void RoleAssignments_AreNamedWithGuid()
    {
        var count = 0;
        foreach (var file in AllBicep)
        {
            foreach (Match m in RoleAssignmentResource().Matches(file.Code))
            {
                count++;
                var open = file.Structure.IndexOf('{', m.Index + m.Length);
                var block = file.Code[open..file.Close(open)];
                var name = NameProperty().Match(block);
                name.Success.ShouldBeTrue($"{Rel(file.Path)}: role assignment without a name");
                name.Groups[1].Value.ShouldStartWith("guid(", caseSensitivity: Case.Sensitive, customMessage: $"{Rel(file.Path)}: role assignment name must be deterministic");
            }
        }
        count.ShouldBeGreaterThanOrEqualTo(4);
    }

    [Fact]
    public void RoleIds_AreDocumentedBuiltInRoles_CommentedWithTheirName()
    {
        var seen = 0;
        foreach (var file in AllBicep)
        {
            foreach (var line in file.Raw.Split('\n'))
            {
                foreach (Match id in RoleGuid().Matches(line))
                {
                    seen++;
                    BuiltInRoles.ShouldContainKey(id.Value, $"{Rel(file.Path)}: {id.Value} is not a documented built-in role id in this test's table");
                    var comment = line.IndexOf("//", StringComparison.Ordinal);
                    comment.ShouldBeGreaterThan(0, $"{Rel(file.Path)}: role id {id.Value} needs a comment naming the role");
                    line[(comment + 2)..].Trim().ShouldBe(BuiltInRoles[id.Value], $"{Rel(file.Path)}: comment of {id.Value}");
                }
            }
        }
        seen.ShouldBe(BuiltInRoles.Count, "every role in the table is used once, in modules/role-definitions.bicep");
    }

    [Fact]
    public void Infra_ContainsNoKeysSasOrConnectionStrings()
    {
        string[] forbidden =
        [
            "listKeys(", "listConnectionStrings(", "listSecrets(", "listAccountSas(", "listServiceSas(",
            "AccountKey", "SharedAccessKey", "DefaultEndpointsProtocol", "primaryConnectionString",
            "secondaryConnectionString", "InstrumentationKey", "UseDevelopmentStorage",
        ];
        var files = Directory.EnumerateFiles(Path.Combine(Root, "infra"), "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith("app-settings.json", StringComparison.Ordinal))
            .Append(Path.Combine(Root, "azure.yaml"));
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            foreach (var word in forbidden)
                text.Contains(word, StringComparison.OrdinalIgnoreCase).ShouldBeFalse($"{Rel(file)} contains {word}");
        }

        // No app setting carries a connection string, except the Application Insights one (an endpoint, not a
        // credential: local auth is disabled on the component).
        TemplateSettings().Keys
            .Where(k => k.Contains("connectionstring", StringComparison.OrdinalIgnoreCase) || k.Contains("CONNECTION_STRING", StringComparison.Ordinal))
            .ShouldBe(new[] { "APPLICATIONINSIGHTS_CONNECTION_STRING" });
        File.ReadAllText(Path.Combine(BicepDir, "modules", "monitoring.bicep")).ShouldContain("DisableLocalAuth: true");
    }

    [Fact]
    public void Outputs_ExposeNoSecrets()
    {
        foreach (var file in AllBicep)
        {
            foreach (var output in file.Outputs)
            {
                output.Decorators.ShouldContain("@description(", caseSensitivity: Case.Sensitive, customMessage: $"{Rel(file.Path)}: output {output.Name}");
                SecretWord().IsMatch(output.Line).ShouldBeFalse($"{Rel(file.Path)}: output looks like a secret: {output.Line}");
            }
        }
    }

    [Fact]
    public void Settings_TheCodeReads_AreAllInTheCatalogue()
    {
        var catalogue = Catalogue();
        var read = CodeSettings.Discover(Path.Combine(Root, "src"));
        read.Keys.ShouldContain("DataStorage__AccountName", "the code scan found nothing; is src/ where it used to be?");
        var unknown = read.Where(kv => Resolve(catalogue, kv.Key) is null).Select(kv => $"{kv.Key} (read in {kv.Value})").ToList();
        unknown.ShouldBeEmpty(
            "settings the code reads that infra/app-settings.json does not mention; add each with its kind " +
            "(app: the template must set it; default/local/platform: why not)");
    }

    [Fact]
    public void Catalogue_AppAndHostSettings_AreSetByTheTemplate_LocalOnesAreNot()
    {
        var catalogue = Catalogue();
        var template = TemplateSettings();
        var read = CodeSettings.Discover(Path.Combine(Root, "src"));
        foreach (var entry in catalogue)
        {
            switch (entry.Kind)
            {
                case "app" or "planned" or "host":
                    template.ShouldContainKey(entry.Name, $"the template does not set {entry.Name} ({entry.Kind}: {entry.Why})");
                    break;
                case "local" or "platform":
                    template.ShouldNotContainKey(entry.Name, $"{entry.Name} must not be set in Azure ({entry.Why})");
                    break;
                case "default":
                    break;
                default:
                    throw new InvalidDataException($"infra/app-settings.json: {entry.Name} has unknown kind {entry.Kind}");
            }
            if (entry.Kind is "app" or "default")
            {
                read.Keys.Any(k => Covers(entry.Name, k))
                    .ShouldBeTrue($"infra/app-settings.json lists {entry.Name} as read by the code, but src/ no longer reads it");
            }
        }

        // ...and the template sets nothing the catalogue does not explain.
        foreach (var key in template.Keys)
        {
            var entry = Resolve(catalogue, key);
            entry.ShouldNotBeNull($"the template sets {key}, which infra/app-settings.json does not list");
            entry.Kind.ShouldBeOneOf(new[] { "app", "planned", "host" }, $"the template sets {key}, listed as {entry.Kind}");
        }
    }

    [Fact]
    public void QueueTriggers_UseQueuesAndConnectionsTheTemplateProvides()
    {
        using var layoutJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(BicepDir, "storage-layout.json")));
        var queues = layoutJson.RootElement.GetProperty("queues").EnumerateArray().Select(q => q.GetString()!).ToList();
        var known = queues.Concat(queues.Select(q => q + "-poison")).ToHashSet(StringComparer.Ordinal);
        var template = TemplateSettings();

        // Every [QueueTrigger] of the worker (the SDK writes them into functions.metadata).
        var triggers = typeof(NoOneLeftBehind.Functions.Hosting.EndpointTable).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods())
            .SelectMany(m => m.GetParameters().Select(p => (Method: m.Name, Trigger: p.GetCustomAttributes(typeof(Microsoft.Azure.Functions.Worker.QueueTriggerAttribute), false)
                .Cast<Microsoft.Azure.Functions.Worker.QueueTriggerAttribute>().SingleOrDefault())))
            .Where(x => x.Trigger is not null)
            .ToList();
        triggers.ShouldNotBeEmpty();
        foreach (var (method, trigger) in triggers)
        {
            known.ShouldContain(trigger!.QueueName, $"{method}: queueTrigger on a queue infra/bicep/storage-layout.json does not create");
            trigger.Connection.ShouldNotBeNullOrEmpty($"{method}: a queueTrigger without Connection listens on the host's own storage, not the data account");
            template.ShouldContainKey($"{trigger.Connection}__queueServiceUri", $"{method}: the template does not set {trigger.Connection}__queueServiceUri");
        }
    }

    [Fact]
    public void FunctionApp_IsFlexConsumption_DotnetIsolated_IdentityBased()
    {
        var app = BicepFile.Load(Path.Combine(BicepDir, "modules", "function-app.bicep")).Code;
        app.ShouldContain("name: 'FC1'");
        app.ShouldContain("tier: 'FlexConsumption'");
        Squash(app).ShouldContain("runtime:{name:'dotnet-isolated'version:'10.0'}");
        Squash(app).ShouldContain("scaleAndConcurrency:{instanceMemoryMB:instanceMemoryMBmaximumInstanceCount:maximumInstanceCount}");
        Squash(app).ShouldContain("authentication:{type:'UserAssignedIdentity'userAssignedIdentityResourceId:identityId}");
        app.ShouldContain("AzureWebJobsStorage__credential: 'managedidentity'");

        // Flex Consumption rejects these; the runtime comes from functionAppConfig.
        var settings = TemplateSettings();
        foreach (var rejected in new[] { "FUNCTIONS_WORKER_RUNTIME", "FUNCTIONS_EXTENSION_VERSION", "WEBSITE_RUN_FROM_PACKAGE", "WEBSITE_CONTENTSHARE", "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING" })
            settings.ShouldNotContainKey(rejected);
        AllBicep.ShouldAllBe(f => !PlainHostStorageSetting().IsMatch(f.Code), "AzureWebJobsStorage must be identity-based (__accountName), never a connection string");
        Main.Code.ShouldNotContain("TriggerRunner"); // no local trigger runner any more (ADR 0009)
        Main.Code.ShouldContain("DataStorage__credential: 'managedidentity'");
    }

    [Fact]
    public void Storage_IsKeyless_Tls12_Versioned_WithSoftDelete()
    {
        foreach (var module in new[] { "data-storage.bicep", "host-storage.bicep" })
        {
            var text = BicepFile.Load(Path.Combine(BicepDir, "modules", module)).Code;
            text.ShouldContain("allowSharedKeyAccess: false", caseSensitivity: Case.Sensitive, customMessage: module);
            text.ShouldContain("minimumTlsVersion: 'TLS1_2'", caseSensitivity: Case.Sensitive, customMessage: module);
            text.ShouldContain("allowBlobPublicAccess: false", caseSensitivity: Case.Sensitive, customMessage: module);
        }
        var data = Squash(BicepFile.Load(Path.Combine(BicepDir, "modules", "data-storage.bicep")).Code);
        data.ShouldContain("isVersioningEnabled:true");
        data.ShouldContain("deleteRetentionPolicy:{enabled:truedays:softDeleteRetentionDays}");
        data.ShouldContain("containerDeleteRetentionPolicy:{enabled:truedays:softDeleteRetentionDays}");
        Main.Code.ShouldContain("param blobSoftDeleteRetentionDays int = 30");
        // A vault's retention cannot change after creation: the default stays what deployed vaults were created with.
        Main.Code.ShouldContain("param keyVaultSoftDeleteRetentionDays int = 30");

        var bus = Squash(BicepFile.Load(Path.Combine(BicepDir, "modules", "service-bus.bicep")).Code);
        bus.ShouldContain("disableLocalAuth:true");
        bus.ShouldContain("deadLetteringOnMessageExpiration:true");
        bus.ShouldContain("requiresDuplicateDetection:true");
    }

    [Fact]
    public void AzureYaml_ProvisionsTheTemplate_AndShipsThePackageScriptsZip()
    {
        var yaml = File.ReadAllText(Path.Combine(Root, "azure.yaml"));
        yaml.ShouldContain("path: infra/bicep");
        yaml.ShouldContain("module: main");
        yaml.ShouldContain("scripts/package.sh");
        yaml.ShouldContain("out/functionapp.zip");
        File.Exists(Path.Combine(Root, "scripts", "package.sh")).ShouldBeTrue();
        // The names the hook uses are outputs of main.bicep (azd exports outputs as environment variables).
        foreach (Match m in EnvReference().Matches(yaml))
            Main.Outputs.Select(o => o.Name).ShouldContain(m.Groups[1].Value);
    }

    [Fact]
    public void BicepConfig_MakesLinterRulesErrors()
    {
        using var json = JsonDocument.Parse(
            File.ReadAllText(Path.Combine(BicepDir, "bicepconfig.json")),
            new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var rules = json.RootElement.GetProperty("analyzers").GetProperty("core").GetProperty("rules").EnumerateObject().ToList();
        rules.Count.ShouldBeGreaterThan(20);
        foreach (var rule in rules.Where(r => r.Name != "use-recent-api-versions"))
            rule.Value.GetProperty("level").GetString().ShouldBe("error", rule.Name);
    }

    [Fact]
    public void Masking_KeepsStructure_AndBlanksStringsInterpolationsAndComments()
    {
        var file = BicepFile.Parse("""
            @description('a { brace')
            param a string = '${b ? '}' : '{'}' // {
            /* { */
            module m 'x.bicep' = {
              params: {
                one: 'v'
              }
            }
            @description('the output')
            output o string = '}'
            """);
        file.Params.Single().Name.ShouldBe("a");
        file.Params.Single().HasDescription.ShouldBeTrue();
        file.Params.Single().HasDefault.ShouldBeTrue();
        file.Outputs.Single().Name.ShouldBe("o");
        file.Outputs.Single().Decorators.ShouldContain("@description('the output')");
    }

    // ------------------------------------------------------------------ helpers

    private sealed record Setting(string Name, string Kind, string Why);

    private static List<Setting> Catalogue()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "infra", "app-settings.json")));
        return json.RootElement.GetProperty("settings").EnumerateArray()
            .Select(e => new Setting(e.GetProperty("name").GetString()!, e.GetProperty("kind").GetString()!, e.GetProperty("why").GetString()!))
            .ToList();
    }

    /// <summary>True when catalogue name <paramref name="name"/> is <paramref name="key"/> or a section above it.</summary>
    private static bool Covers(string name, string key) =>
        key.Equals(name, StringComparison.OrdinalIgnoreCase)
        || key.StartsWith(name + "__", StringComparison.OrdinalIgnoreCase);

    /// <summary>The most specific catalogue entry covering <paramref name="key"/>.</summary>
    private static Setting? Resolve(List<Setting> catalogue, string key) =>
        catalogue.Where(s => Covers(s.Name, key)).MaxBy(s => s.Name.Length);

    /// <summary>
    /// App setting names the template sets: object keys that look like setting names (contain "__", or are
    /// UPPER_SNAKE) plus interpolated keys ('Prefix__${i}'), with array indexes (__0) removed.
    /// </summary>
    private static Dictionary<string, string> TemplateSettings()
    {
        var keys = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var file in AllBicep)
        {
            foreach (var line in file.Code.Split('\n'))
            {
                var key = SettingKey().Match(line);
                if (key.Success && (key.Groups[1].Value.Contains("__", StringComparison.Ordinal) || UpperSnake().IsMatch(key.Groups[1].Value)))
                    keys.TryAdd(IndexSuffix().Replace(key.Groups[1].Value, ""), Rel(file.Path));
                foreach (Match m in InterpolatedKey().Matches(line))
                    keys.TryAdd(m.Groups[1].Value, Rel(file.Path));
            }
        }
        return keys;
    }

    private static string Squash(string text) => Whitespace().Replace(text, "");

    private static string Rel(string path) => Path.GetRelativePath(Root, path);

    /// <summary>The checkout: above the test binaries, or (with --artifacts-path elsewhere) above this source file.</summary>
    private static string RepoRoot([CallerFilePath] string sourceFile = "")
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(sourceFile) ?? "" })
        {
            var dir = new DirectoryInfo(start);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Serverless.sln"))) dir = dir.Parent;
            if (dir is not null) return dir.FullName;
        }
        throw new InvalidOperationException("Serverless.sln not found above " + AppContext.BaseDirectory + " or " + sourceFile);
    }

    [GeneratedRegex(@"resource\s+\w+\s+'Microsoft\.Authorization/roleAssignments@[^']*'\s*=")]
    private static partial Regex RoleAssignmentResource();

    [GeneratedRegex(@"^\s*name:\s*(.+)$", RegexOptions.Multiline)]
    private static partial Regex NameProperty();

    [GeneratedRegex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex RoleGuid();

    [GeneratedRegex(@"(?i)(^|[^a-z])(password|secret|sas|token|keys?)([^a-z]|$)|connectionstring|connection_string|accountkey|instrumentationkey")]
    private static partial Regex SecretWord();

    [GeneratedRegex(@"^\s*'?([A-Za-z][A-Za-z0-9_]*)'?\s*:")]
    private static partial Regex SettingKey();

    [GeneratedRegex(@"^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$")]
    private static partial Regex UpperSnake();

    [GeneratedRegex(@"'([A-Za-z][A-Za-z0-9_]*?)__\$\{")]
    private static partial Regex InterpolatedKey();

    [GeneratedRegex(@"(__\d+)+$")]
    private static partial Regex IndexSuffix();

    [GeneratedRegex(@"""\$(AZURE_[A-Z_]+)""")]
    private static partial Regex EnvReference();

    [GeneratedRegex(@"\bAzureWebJobsStorage'?\s*:")]
    private static partial Regex PlainHostStorageSetting();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
