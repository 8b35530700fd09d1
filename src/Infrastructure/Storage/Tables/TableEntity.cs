using System.Globalization;

namespace NoOneLeftBehind.Infrastructure.Storage.Tables;

/// <summary>
/// A table row as a property bag. Values are <see cref="string"/>, <see cref="int"/>, <see cref="long"/>,
/// <see cref="double"/>, <see cref="bool"/>, <see cref="DateTimeOffset"/> (or UTC <see cref="DateTime"/>),
/// <see cref="Guid"/> or <see cref="byte"/>[]; <c>null</c> means "no such property" (tables store no nulls).
/// <see cref="ETag"/> and <see cref="Timestamp"/> are set by the service and are not sent as properties.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1710:Identifiers should have correct suffix", Justification = "Named after what it is in Table storage, like the official SDK's TableEntity.")]
public sealed class TableEntity : Dictionary<string, object?>
{
    public const string PartitionKeyName = "PartitionKey";
    public const string RowKeyName = "RowKey";

    public TableEntity() : base(StringComparer.Ordinal)
    {
    }

    public TableEntity(string partitionKey, string rowKey) : this()
    {
        PartitionKey = partitionKey;
        RowKey = rowKey;
    }

    public string PartitionKey
    {
        get => TryGetValue(PartitionKeyName, out var v) && v is string s ? s : "";
        set => this[PartitionKeyName] = value;
    }

    public string RowKey
    {
        get => TryGetValue(RowKeyName, out var v) && v is string s ? s : "";
        set => this[RowKeyName] = value;
    }

    /// <summary>The entity's version as the service returned it; pass it back for optimistic concurrency.</summary>
    public string? ETag { get; set; }

    public DateTimeOffset? Timestamp { get; set; }

    public string? GetString(string name) => Get(name) as string;

    public int? GetInt32(string name) => Get(name) switch
    {
        null => null,
        int i => i,
        long l when l is >= int.MinValue and <= int.MaxValue => (int)l,
        var other => throw WrongType(name, other, "Int32"),
    };

    public long? GetInt64(string name) => Get(name) switch
    {
        null => null,
        long l => l,
        int i => i,
        var other => throw WrongType(name, other, "Int64"),
    };

    public double? GetDouble(string name) => Get(name) switch
    {
        null => null,
        double d => d,
        int i => i,
        long l => l,
        var other => throw WrongType(name, other, "Double"),
    };

    public bool? GetBoolean(string name) => Get(name) switch
    {
        null => null,
        bool b => b,
        var other => throw WrongType(name, other, "Boolean"),
    };

    public DateTimeOffset? GetDateTimeOffset(string name) => Get(name) switch
    {
        null => null,
        DateTimeOffset d => d,
        DateTime d => new DateTimeOffset(DateTime.SpecifyKind(d, DateTimeKind.Utc)),
        var other => throw WrongType(name, other, "DateTime"),
    };

    public Guid? GetGuid(string name) => Get(name) switch
    {
        null => null,
        Guid g => g,
        string s when Guid.TryParse(s, out var g) => g,
        var other => throw WrongType(name, other, "Guid"),
    };

    public byte[]? GetBinary(string name) => Get(name) switch
    {
        null => null,
        byte[] b => b,
        var other => throw WrongType(name, other, "Binary"),
    };

    private object? Get(string name) => TryGetValue(name, out var value) ? value : null;

    private static InvalidCastException WrongType(string name, object value, string wanted) =>
        new(string.Create(CultureInfo.InvariantCulture, $"Property '{name}' holds a {value.GetType().Name}, not {wanted}."));
}
