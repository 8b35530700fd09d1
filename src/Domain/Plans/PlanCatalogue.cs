using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using NoOneLeftBehind.Domain.Criteria;

namespace NoOneLeftBehind.Domain.Plans;

/// <summary>A plan file: its name (e.g. <c>plans/binh-dinh-2021-2025.json</c>) and JSON text.</summary>
/// <param name="Name">Name used in error messages; the file name must be <c>&lt;plan id&gt;.json</c>.</param>
/// <param name="Content">JSON text.</param>
public sealed record PlanFile(string Name, string Content);

/// <summary>
/// The validated plans, loaded once at start-up and compiled into rule objects. Immutable and thread-safe.
/// Register one instance as a singleton (see <see cref="LoadEmbedded"/>).
/// </summary>
public sealed class PlanCatalogue
{
    private const string ResourcePrefix = "plans/";
    // Read-only after construction, so safe for concurrent reads. (A FrozenDictionary buys nothing for five plans
    // and costs start-up time.)
    private readonly Dictionary<string, CompiledPlan> _plans;

    private PlanCatalogue(IReadOnlyList<CompiledPlan> plans, string version)
    {
        _plans = new Dictionary<string, CompiledPlan>(plans.Count, StringComparer.Ordinal);
        foreach (var plan in plans)
            _plans.Add(plan.Id, plan);
        var definitions = new Plan[plans.Count];
        var ids = new string[plans.Count];
        for (var i = 0; i < plans.Count; i++)
        {
            definitions[i] = plans[i].Definition;
            ids[i] = plans[i].Id;
        }
        Plans = definitions;
        PlanIds = ids;
        Version = version;
    }

    /// <summary>
    /// Version of the whole catalogue: the first 16 hex digits of a SHA-256 over every plan file (name and
    /// content, in name order). Changes whenever any plan file changes.
    /// </summary>
    public string Version { get; }

    /// <summary>The plans, in id order.</summary>
    public IReadOnlyList<Plan> Plans { get; }

    /// <summary>The plan ids, in order.</summary>
    public IReadOnlyList<string> PlanIds { get; }

    /// <summary>Loads the plan files embedded in the domain assembly (<c>Plans/Catalogue/*.json</c>).</summary>
    /// <exception cref="PlanCatalogueException">A plan file is invalid.</exception>
    public static PlanCatalogue LoadEmbedded()
    {
        var assembly = typeof(PlanCatalogue).Assembly;
        var files = new List<PlanFile>();
        foreach (var name in assembly.GetManifestResourceNames())
        {
            if (!name.StartsWith(ResourcePrefix, StringComparison.Ordinal))
                continue;
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream, Encoding.UTF8);
            files.Add(new PlanFile(name, reader.ReadToEnd()));
        }
        return Load(files);
    }

    /// <summary>Loads, validates and compiles plan files from any source.</summary>
    /// <exception cref="PlanCatalogueException">A plan file is invalid; the message names the file, plan, path and problem.</exception>
    public static PlanCatalogue Load(IEnumerable<PlanFile> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        // No LINQ on this path: loops and a small stable sort keep the first load's JIT work down (issue #3).
        var ordered = new List<PlanFile>(files);
        SortStable(ordered, f => f.Name);
        var errors = new List<PlanLoadError>();
        var plans = new List<ParsedPlan>();
        if (ordered.Count == 0)
            errors.Add(new PlanLoadError("(none)", null, "$", "no plan files were found"));

        using var catalogueHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in ordered)
        {
            var bytes = Encoding.UTF8.GetBytes(file.Content);
            catalogueHash.AppendData(Encoding.UTF8.GetBytes(Path.GetFileName(file.Name) + "\n"));
            catalogueHash.AppendData(bytes);
            var plan = PlanValidator.Parse(file, bytes, errors);
            if (plan is not null)
                plans.Add(new ParsedPlan(plan, Convert.ToHexStringLower(SHA256.HashData(bytes))[..8]));
        }

        // Plain loops and a class rather than LINQ over tuples: value-type generic instantiations are JIT-compiled on
        // first use, which is what start-up pays for (issue #3).
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var firstSeen = new List<string>();
        foreach (var parsed in plans)
        {
            if (counts.TryGetValue(parsed.Plan.Id, out var count))
                counts[parsed.Plan.Id] = count + 1;
            else
            {
                counts[parsed.Plan.Id] = 1;
                firstSeen.Add(parsed.Plan.Id);
            }
        }
        foreach (var id in firstSeen)
        {
            if (counts[id] > 1)
                errors.Add(new PlanLoadError("(catalogue)", id, "$.id", "the plan id appears in more than one file"));
        }

        if (errors.Count > 0)
            throw new PlanCatalogueException(errors);

        SortStable(plans, p => p.Plan.Id);
        var compiled = new List<CompiledPlan>(plans.Count);
        foreach (var parsed in plans)
            compiled.Add(new CompiledPlan(parsed.Plan, $"{parsed.Plan.Version}+{parsed.Hash}"));
        return new PlanCatalogue(compiled, Convert.ToHexStringLower(catalogueHash.GetHashAndReset())[..16]);
    }

    /// <summary>Finds a plan.</summary>
    public bool TryGet(PlanId id, out Plan plan)
    {
        if (id.Value is not null && _plans.TryGetValue(id.Value, out var compiled))
        {
            plan = compiled.Definition;
            return true;
        }
        plan = null!;
        return false;
    }

    /// <summary>The version of a plan's encoding: its <c>version</c> field and a hash of its file, e.g. <c>1.0.0+3f2a9c1d</c>.</summary>
    public string VersionOf(PlanId id) =>
        id.Value is not null && _plans.TryGetValue(id.Value, out var compiled)
            ? compiled.Version
            : throw new KeyNotFoundException($"Unknown plan '{id}'.");

    private sealed record ParsedPlan(Plan Plan, string Hash);

    /// <summary>Insertion sort by an ordinal key, stable like <c>OrderBy</c>; catalogues hold a handful of plans.</summary>
    private static void SortStable<T>(List<T> items, Func<T, string> key)
    {
        for (var i = 1; i < items.Count; i++)
        {
            var item = items[i];
            var itemKey = key(item);
            var j = i - 1;
            while (j >= 0 && string.CompareOrdinal(key(items[j]), itemKey) > 0)
            {
                items[j + 1] = items[j];
                j--;
            }
            items[j + 1] = item;
        }
    }

    internal bool TryGetCompiled(PlanId id, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CompiledPlan? plan)
    {
        plan = null;
        return id.Value is not null && _plans.TryGetValue(id.Value, out plan);
    }
}

/// <summary>One problem in a plan file.</summary>
/// <param name="File">Plan file name.</param>
/// <param name="PlanId">Plan id, when it could be read.</param>
/// <param name="Path">JSON path of the offending field, e.g. <c>$.subjects[1].criteria[2].rule.minPoints</c>.</param>
/// <param name="Problem">What is wrong.</param>
public sealed record PlanLoadError(string File, string? PlanId, string Path, string Problem)
{
    /// <inheritdoc />
    public override string ToString() => $"{File}{(PlanId is null ? string.Empty : $" (plan {PlanId})")} at {Path}: {Problem}";
}

/// <summary>The plan catalogue is invalid; the application must not start.</summary>
public sealed class PlanCatalogueException : Exception
{
    /// <summary>Creates the exception from the problems found.</summary>
    public PlanCatalogueException(IReadOnlyList<PlanLoadError> errors)
        : base("The plan catalogue is invalid:" + string.Concat((errors ?? []).Select(e => "\n  " + e))) =>
        Errors = errors ?? [];

    /// <summary>Creates the exception.</summary>
    public PlanCatalogueException() : this([]) { }

    /// <summary>Creates the exception.</summary>
    public PlanCatalogueException(string message) : base(message) => Errors = [];

    /// <summary>Creates the exception.</summary>
    public PlanCatalogueException(string message, Exception innerException) : base(message, innerException) => Errors = [];

    /// <summary>The problems.</summary>
    public IReadOnlyList<PlanLoadError> Errors { get; }
}
