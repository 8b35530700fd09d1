using System.Globalization;

namespace NoOneLeftBehind.Domain.Units;

/// <summary>
/// Reads the compact unit files (<c>units.csv</c>: code,kind,name,parent,from,to;
/// <c>successions.csv</c>: date,old,new,share,main) into a <see cref="UnitRegistryBuilder"/>.
/// The embedded copies are derived from public reference data by <c>data/admin-units/derive.py</c>
/// (sources and licenses in <c>data/admin-units/README.md</c>).
/// </summary>
public static class UnitRegistryData
{
    private const string UnitsResource = "units/units.csv";
    private const string SuccessionsResource = "units/successions.csv";

    /// <summary>Builds the registry from the files embedded in this assembly.</summary>
    /// <returns>The registry.</returns>
    public static UnitRegistry LoadEmbedded()
    {
        var builder = new UnitRegistryBuilder();
        AddEmbedded(builder);
        return builder.Build();
    }

    /// <summary>Adds the embedded files to <paramref name="builder"/> (idempotent, like every add).</summary>
    /// <param name="builder">The builder.</param>
    public static void AddEmbedded(UnitRegistryBuilder builder)
    {
        using var units = OpenResource(UnitsResource);
        using var successions = OpenResource(SuccessionsResource);
        AddUnits(builder, units);
        AddSuccessions(builder, successions);
    }

    /// <summary>Adds the rows of a <c>units.csv</c> file.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="reader">The file, header first.</param>
    /// <exception cref="FormatException">A row is malformed.</exception>
    public static void AddUnits(UnitRegistryBuilder builder, TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(reader);
        foreach (var (line, fields) in Rows(reader, "code,kind,name,parent,from,to", 6))
        {
            if (!UnitKinds.TryParseKey(fields[1], out var kind))
                throw new FormatException($"units.csv line {line}: unknown kind '{fields[1]}'.");
            builder.Add(new AdministrativeUnit(
                UnitCode.Parse(fields[0]),
                kind,
                fields[2],
                fields[3].Length == 0 ? null : UnitCode.Parse(fields[3]),
                OptionalDate(fields[4]),
                OptionalDate(fields[5])));
        }
    }

    /// <summary>Adds the rows of a <c>successions.csv</c> file.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="reader">The file, header first.</param>
    /// <exception cref="FormatException">A row is malformed.</exception>
    public static void AddSuccessions(UnitRegistryBuilder builder, TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(reader);
        foreach (var (line, fields) in Rows(reader, "date,old,new,share,main", 5))
        {
            var share = fields[3] switch
            {
                "full" => SuccessionShare.Full,
                "partial" => SuccessionShare.Partial,
                _ => throw new FormatException($"successions.csv line {line}: unknown share '{fields[3]}'."),
            };
            builder.AddSuccession(
                DateOnly.ParseExact(fields[0], "yyyy-MM-dd", CultureInfo.InvariantCulture),
                UnitCode.Parse(fields[1]),
                UnitCode.Parse(fields[2]),
                share,
                fields[4] == "1");
        }
    }

    private static IEnumerable<(int Line, string[] Fields)> Rows(TextReader reader, string expectedHeader, int fieldCount)
    {
        var header = reader.ReadLine();
        if (!string.Equals(header, expectedHeader, StringComparison.Ordinal))
            throw new FormatException($"Expected the header '{expectedHeader}', found '{header}'.");
        var line = 1;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (text.Length == 0)
                continue;
            var fields = text.Split(',');
            if (fields.Length != fieldCount)
                throw new FormatException($"Line {line}: {fields.Length} fields, expected {fieldCount}.");
            yield return (line, fields);
        }
    }

    private static DateOnly? OptionalDate(string text) =>
        text.Length == 0 ? null : DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static StreamReader OpenResource(string name)
    {
        var stream = typeof(UnitRegistryData).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded resource '{name}' is missing.");
        return new StreamReader(stream, System.Text.Encoding.UTF8);
    }
}
