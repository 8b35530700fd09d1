using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Azure.Data.Tables;

namespace NoOneLeftBehind.Infrastructure.Dossiers;

/// <summary>
/// Refused before it is sent: an entity or an entity-group transaction that Table storage in Azure would reject
/// (Azurite does not enforce these limits, so without this check a too-large dossier would work locally and fail
/// in Azure). Never a silent truncation.
/// </summary>
public sealed class TableLimitExceededException : InvalidOperationException
{
    public TableLimitExceededException()
    {
    }

    public TableLimitExceededException(string message) : base(message)
    {
    }

    public TableLimitExceededException(string message, Exception innerException) : base(message, innerException)
    {
    }
}

/// <summary>
/// The Table service's documented limits, checked here: a property holds at most 64 KiB (strings are UTF-16, so
/// 32 Ki characters), an entity at most 1 MiB and 255 properties (PartitionKey, RowKey and Timestamp included), a
/// key at most 1 KiB; an entity-group transaction at most 100 operations and a 4 MiB payload. A JSON document
/// larger than one property is stored over several (<c>Json0</c>, <c>Json1</c>, …, count in <c>JsonParts</c>).
/// </summary>
public static class TableEntityLimits
{
    /// <summary>Largest property value, bytes.</summary>
    public const int MaxPropertyBytes = 64 * 1024;

    /// <summary>Largest entity (sum of its keys and properties, per the documented size rules), bytes.</summary>
    public const int MaxEntityBytes = 1024 * 1024;

    /// <summary>Most properties per entity, the three system properties included.</summary>
    public const int MaxProperties = 255;

    /// <summary>Largest PartitionKey or RowKey, bytes (UTF-16).</summary>
    public const int MaxKeyBytes = 1024;

    /// <summary>Most operations in one entity-group transaction.</summary>
    public const int MaxTransactionActions = 100;

    /// <summary>Largest payload of one entity-group transaction, bytes.</summary>
    public const int MaxTransactionBytes = 4 * 1024 * 1024;

    /// <summary>Characters per JSON part: below the 32,768 a 64 KiB string property holds.</summary>
    public const int JsonPartChars = 30_000;

    /// <summary>The property holding the number of JSON parts.</summary>
    public const string JsonPartsProperty = "JsonParts";

    // Per operation of a transaction: the multipart boundary and headers, the request line with the entity's URL,
    // and the OData annotations around the properties. Generous on purpose.
    private const int TransactionOverheadPerAction = 2048;

    /// <summary>
    /// JSON as stored in a table: camelCase, enums as their contract words, and letters of every script written as they
    /// are (Vietnamese is not turned into <c>\uXXXX</c>, which would take six characters for one). It is stored and read
    /// back by this code, never embedded in HTML; characters that are unsafe in HTML (&lt;, &gt;, &amp;, quotes) and
    /// control characters are still escaped by the encoder.
    /// </summary>
    public static JsonSerializerOptions StoredJson(JsonSerializerOptions served)
    {
        ArgumentNullException.ThrowIfNull(served);
        return new JsonSerializerOptions(served) { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };
    }

    /// <summary>The property name of JSON part <paramref name="index"/>.</summary>
    public static string JsonPart(int index) => "Json" + index.ToString(CultureInfo.InvariantCulture);

    /// <summary>Stores <paramref name="json"/> in <c>Json0…JsonN</c> and their count in <c>JsonParts</c>.</summary>
    public static void SetJson(TableEntity entity, string json)
    {
        ArgumentNullException.ThrowIfNull(entity);
        ArgumentNullException.ThrowIfNull(json);
        var parts = 0;
        for (var offset = 0; offset < json.Length || parts == 0; parts++)
        {
            var length = Math.Min(JsonPartChars, json.Length - offset);
            // Never split a surrogate pair: half of one cannot be sent as UTF-8.
            if (length > 0 && offset + length < json.Length && char.IsHighSurrogate(json[offset + length - 1])) length--;
            entity[JsonPart(parts)] = json.Substring(offset, length);
            offset += length;
        }
        entity[JsonPartsProperty] = parts;
    }

    /// <summary>
    /// The JSON stored by <see cref="SetJson"/>, or, in a row written before it (one property), the value of
    /// <paramref name="legacyProperty"/>; null when there is neither.
    /// </summary>
    public static string? GetJson(TableEntity entity, string legacyProperty)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var parts = entity.GetInt32(JsonPartsProperty);
        if (parts is null) return entity.GetString(legacyProperty);
        if (parts == 1) return entity.GetString(JsonPart(0)) ?? throw Missing(entity, 0);
        var builder = new System.Text.StringBuilder();
        for (var i = 0; i < parts; i++)
            builder.Append(entity.GetString(JsonPart(i)) ?? throw Missing(entity, i));
        return builder.ToString();
    }

    /// <summary>
    /// The entity's size as the Table service counts it: 4 bytes + 2 per key character + for each property 8 bytes,
    /// 2 per name character and its value (string: 2 per character + 4; binary: length + 4; Int32 4; Int64, Double
    /// and DateTime 8; Guid 16; Boolean 1).
    /// </summary>
    public static long Size(TableEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        long size = 4 + ((long)(entity.PartitionKey?.Length ?? 0) + (entity.RowKey?.Length ?? 0)) * 2;
        foreach (var (name, value) in entity)
        {
            if (IsKeyOrSystem(name) || value is null) continue;
            size += 8 + name.Length * 2L + ValueSize(name, value);
        }
        return size;
    }

    /// <summary>Throws <see cref="TableLimitExceededException"/> naming <paramref name="what"/> when Azure would refuse the entity.</summary>
    public static void Check(TableEntity entity, string what)
    {
        ArgumentNullException.ThrowIfNull(entity);
        if ((entity.PartitionKey?.Length ?? 0) * 2 > MaxKeyBytes || (entity.RowKey?.Length ?? 0) * 2 > MaxKeyBytes)
            throw new TableLimitExceededException($"{what}: a key is longer than {MaxKeyBytes} bytes.");
        var properties = 3 + entity.Keys.Count(k => !IsKeyOrSystem(k) && entity[k] is not null);
        if (properties > MaxProperties)
            throw new TableLimitExceededException(string.Create(CultureInfo.InvariantCulture,
                $"{what}: {properties} properties, more than the {MaxProperties} a table entity holds."));
        foreach (var (name, value) in entity)
        {
            if (IsKeyOrSystem(name) || value is null) continue;
            var bytes = ValueSize(name, value) - (value is string or byte[] ? 4 : 0);
            if (bytes > MaxPropertyBytes)
                throw new TableLimitExceededException(string.Create(CultureInfo.InvariantCulture,
                    $"{what}: property {name} holds {bytes} bytes, more than the {MaxPropertyBytes} a table property holds."));
        }
        var size = Size(entity);
        if (size > MaxEntityBytes)
            throw new TableLimitExceededException(string.Create(CultureInfo.InvariantCulture,
                $"{what}: {size} bytes, more than the {MaxEntityBytes} (1 MiB) a table entity holds."));
    }

    /// <summary>
    /// Checks every entity of an entity-group transaction and the transaction itself: at most 100 operations and a
    /// payload of at most 4 MiB (estimated high: every string as the SDK's JSON writer escapes it, plus the
    /// multipart framing of each operation).
    /// </summary>
    public static void Check(IReadOnlyList<TableTransactionAction> actions, string what)
    {
        ArgumentNullException.ThrowIfNull(actions);
        if (actions.Count > MaxTransactionActions)
            throw new TableLimitExceededException(string.Create(CultureInfo.InvariantCulture,
                $"{what}: {actions.Count} operations, more than the {MaxTransactionActions} of one entity-group transaction."));
        long payload = 0;
        foreach (var action in actions)
        {
            if (action.Entity is not TableEntity entity) continue;
            Check(entity, what);
            payload += PayloadSize(entity);
        }
        if (payload > MaxTransactionBytes)
            throw new TableLimitExceededException(string.Create(CultureInfo.InvariantCulture,
                $"{what}: a payload of about {payload} bytes, more than the {MaxTransactionBytes} (4 MiB) of one entity-group transaction."));
    }

    /// <summary>An upper estimate of the bytes an operation on <paramref name="entity"/> takes in a transaction's payload.</summary>
    public static long PayloadSize(TableEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        long size = TransactionOverheadPerAction + Encoded(entity.PartitionKey ?? "") * 2 + Encoded(entity.RowKey ?? "") * 2;
        foreach (var (name, value) in entity)
        {
            if (IsKeyOrSystem(name) || value is null) continue;
            // "name":value plus, for typed values, the "name@odata.type":"Edm.X" annotation.
            size += name.Length * 2 + 40 + value switch
            {
                string s => Encoded(s) + 2,
                byte[] b => (b.Length + 2) / 3 * 4 + 2,
                _ => 40,
            };
        }
        return size;
    }

    private static long Encoded(string value) => JsonEncodedText.Encode(value).EncodedUtf8Bytes.Length;

    private static bool IsKeyOrSystem(string name) =>
        name is "PartitionKey" or "RowKey" or "Timestamp" or "odata.etag";

    private static long ValueSize(string name, object value) => value switch
    {
        string s => s.Length * 2L + 4,
        byte[] b => b.Length + 4L,
        BinaryData b => b.ToMemory().Length + 4L,
        int => 4,
        long or double or DateTime or DateTimeOffset => 8,
        Guid => 16,
        bool => 1,
        _ => throw new TableLimitExceededException($"Property {name} holds a {value.GetType().Name}, which this check does not know."),
    };

    private static InvalidDataException Missing(TableEntity entity, int index) =>
        new(string.Create(CultureInfo.InvariantCulture, $"Row {entity.PartitionKey}/{entity.RowKey} has no {JsonPart(index)} though {JsonPartsProperty} says {entity.GetInt32(JsonPartsProperty)}."));
}
