using System.Globalization;
using System.Text.RegularExpressions;

namespace NoOneLeftBehind.Infrastructure.Storage.Tables;

/// <summary>
/// An OData <c>$filter</c> built from typed comparisons, so values are always rendered as escaped literals and
/// property names are checked: user input never becomes filter syntax.
/// <code>TableFilter.PartitionKey.Equal(unit).And(TableFilter.Property("Year").GreaterThanOrEqual(2021))</code>
/// </summary>
public sealed partial class TableFilter
{
    private TableFilter(string expression) => Expression = expression;

    /// <summary>The filter text as sent in <c>$filter</c> (before URL encoding).</summary>
    public string Expression { get; }

    public static TableFilterProperty PartitionKey => new(TableEntity.PartitionKeyName);

    public static TableFilterProperty RowKey => new(TableEntity.RowKeyName);

    public static TableFilterProperty Property(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (!PropertyNamePattern().IsMatch(name))
        {
            throw new ArgumentException($"'{name}' is not a valid table property name (letters, digits, '_', starting with a letter or '_').", nameof(name));
        }
        return new(name);
    }

    public TableFilter And(TableFilter other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new($"({Expression}) and ({other.Expression})");
    }

    public TableFilter Or(TableFilter other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new($"({Expression}) or ({other.Expression})");
    }

    public static TableFilter operator &(TableFilter left, TableFilter right) => (left ?? throw new ArgumentNullException(nameof(left))).And(right);

    public static TableFilter operator |(TableFilter left, TableFilter right) => (left ?? throw new ArgumentNullException(nameof(left))).Or(right);

    public static TableFilter BitwiseAnd(TableFilter left, TableFilter right) => left & right;

    public static TableFilter BitwiseOr(TableFilter left, TableFilter right) => left | right;

    public override string ToString() => Expression;

    internal static TableFilter Compare(string property, string op, string literal) => new($"{property} {op} {literal}");

    /// <summary>An OData string literal: single quotes around, embedded single quotes doubled.</summary>
    public static string StringLiteral(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
    }

    internal static string Literal(int value) => value.ToString(CultureInfo.InvariantCulture);

    internal static string Literal(long value) => value.ToString(CultureInfo.InvariantCulture) + "L";

    internal static string Literal(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "Only finite doubles can be compared in a table filter.");
        }
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        // "2" would be an Int32 literal and compare false against Edm.Double properties.
        return text.Contains('.', StringComparison.Ordinal) || text.Contains('E', StringComparison.Ordinal) ? text : text + ".0";
    }

    internal static string Literal(bool value) => value ? "true" : "false";

    internal static string Literal(DateTimeOffset value) =>
        "datetime'" + value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture) + "'";

    internal static string Literal(Guid value) => "guid'" + value.ToString("D", CultureInfo.InvariantCulture) + "'";

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,254}$")]
    private static partial Regex PropertyNamePattern();
}

/// <summary>A property to compare; each method renders the value as a typed, escaped literal.</summary>
public readonly struct TableFilterProperty : IEquatable<TableFilterProperty>
{
    internal TableFilterProperty(string name) => Name = name;

    public string Name { get; }

    public TableFilter Equal(string value) => Cmp("eq", TableFilter.StringLiteral(value));
    public TableFilter NotEqual(string value) => Cmp("ne", TableFilter.StringLiteral(value));
    public TableFilter GreaterThan(string value) => Cmp("gt", TableFilter.StringLiteral(value));
    public TableFilter GreaterThanOrEqual(string value) => Cmp("ge", TableFilter.StringLiteral(value));
    public TableFilter LessThan(string value) => Cmp("lt", TableFilter.StringLiteral(value));
    public TableFilter LessThanOrEqual(string value) => Cmp("le", TableFilter.StringLiteral(value));

    public TableFilter Equal(int value) => Cmp("eq", TableFilter.Literal(value));
    public TableFilter NotEqual(int value) => Cmp("ne", TableFilter.Literal(value));
    public TableFilter GreaterThan(int value) => Cmp("gt", TableFilter.Literal(value));
    public TableFilter GreaterThanOrEqual(int value) => Cmp("ge", TableFilter.Literal(value));
    public TableFilter LessThan(int value) => Cmp("lt", TableFilter.Literal(value));
    public TableFilter LessThanOrEqual(int value) => Cmp("le", TableFilter.Literal(value));

    public TableFilter Equal(long value) => Cmp("eq", TableFilter.Literal(value));
    public TableFilter NotEqual(long value) => Cmp("ne", TableFilter.Literal(value));
    public TableFilter GreaterThan(long value) => Cmp("gt", TableFilter.Literal(value));
    public TableFilter GreaterThanOrEqual(long value) => Cmp("ge", TableFilter.Literal(value));
    public TableFilter LessThan(long value) => Cmp("lt", TableFilter.Literal(value));
    public TableFilter LessThanOrEqual(long value) => Cmp("le", TableFilter.Literal(value));

    public TableFilter Equal(double value) => Cmp("eq", TableFilter.Literal(value));
    public TableFilter NotEqual(double value) => Cmp("ne", TableFilter.Literal(value));
    public TableFilter GreaterThan(double value) => Cmp("gt", TableFilter.Literal(value));
    public TableFilter GreaterThanOrEqual(double value) => Cmp("ge", TableFilter.Literal(value));
    public TableFilter LessThan(double value) => Cmp("lt", TableFilter.Literal(value));
    public TableFilter LessThanOrEqual(double value) => Cmp("le", TableFilter.Literal(value));

    public TableFilter Equal(bool value) => Cmp("eq", TableFilter.Literal(value));
    public TableFilter NotEqual(bool value) => Cmp("ne", TableFilter.Literal(value));

    public TableFilter Equal(DateTimeOffset value) => Cmp("eq", TableFilter.Literal(value));
    public TableFilter NotEqual(DateTimeOffset value) => Cmp("ne", TableFilter.Literal(value));
    public TableFilter GreaterThan(DateTimeOffset value) => Cmp("gt", TableFilter.Literal(value));
    public TableFilter GreaterThanOrEqual(DateTimeOffset value) => Cmp("ge", TableFilter.Literal(value));
    public TableFilter LessThan(DateTimeOffset value) => Cmp("lt", TableFilter.Literal(value));
    public TableFilter LessThanOrEqual(DateTimeOffset value) => Cmp("le", TableFilter.Literal(value));

    public TableFilter Equal(Guid value) => Cmp("eq", TableFilter.Literal(value));
    public TableFilter NotEqual(Guid value) => Cmp("ne", TableFilter.Literal(value));

    public bool Equals(TableFilterProperty other) => string.Equals(Name, other.Name, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is TableFilterProperty other && Equals(other);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Name ?? "");

    public static bool operator ==(TableFilterProperty left, TableFilterProperty right) => left.Equals(right);

    public static bool operator !=(TableFilterProperty left, TableFilterProperty right) => !left.Equals(right);

    private TableFilter Cmp(string op, string literal) => TableFilter.Compare(Name, op, literal);
}
