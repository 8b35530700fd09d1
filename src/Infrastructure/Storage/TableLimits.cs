using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Azure.Data.Tables;

namespace NoOneLeftBehind.Infrastructure.Storage;

/// <summary>
/// Refused before it is sent: an entity or an entity-group transaction that Table storage in Azure would reject
/// (Azurite does not enforce these limits, so without this check a too-large entity would work locally and fail
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
/// The limits of Azure Table storage that every write must respect, checked before anything is sent:
/// an entity-group transaction holds at most 100 operations on one partition and at most 4 MiB of payload; an entity
/// is at most 1 MiB (as the service counts it), 255 properties (with PartitionKey, RowKey and Timestamp), and a string
/// property at most 64 KiB (32,768 UTF-16 characters), a key at most 1 KiB. Azurite enforces only some of these, so the
/// checks are ours (ADR 0006). A JSON document larger than one property is stored over several (<see cref="SetJson"/>),
/// a list over several (<see cref="SetList"/>).
/// </summary>
public static class TableLimits
{
    /// <summary>Operations in one entity-group transaction.</summary>
    public const int MaxTransactionActions = 100;

    /// <summary>Payload of one entity-group transaction (the whole multipart request body).</summary>
    public const int MaxTransactionPayloadBytes = 4 * 1024 * 1024;

    /// <summary>One entity, as the service counts it (see <see cref="EntitySize"/>).</summary>
    public const int MaxEntityBytes = 1024 * 1024;

    /// <summary>One string property: 64 KiB of UTF-16.</summary>
    public const int MaxStringChars = 32 * 1024;

    /// <summary>Properties of an entity besides PartitionKey, RowKey and Timestamp.</summary>
    public const int MaxCustomProperties = 252;

    /// <summary>One binary property.</summary>
    public const int MaxBinaryBytes = 64 * 1024;

    /// <summary>A PartitionKey or RowKey: 1 KiB of UTF-16.</summary>
    public const int MaxKeyChars = 512;

    /// <summary>Characters per JSON part: below the 32,768 a string property holds.</summary>
    public const int JsonPartChars = 30_000;

    /// <summary>The property holding the number of JSON parts.</summary>
    public const string JsonPartsProperty = "JsonParts";

    // The multipart envelope around the parts (batch and changeset boundaries and their headers).
    private const int EnvelopeBytes = 2 * 1024;

    // One part's fixed text: boundary, part headers, request line without the URL, HTTP headers of the operation.
    private const int PartFixedBytes = 1024;

    /// <summary>
    /// The entity's size as Table storage counts it: 4 bytes + 2 per key character + for each property 8 bytes,
    /// 2 per name character and the value (string 4 + 2 per character, binary 4 + its length, bool 1, int 4,
    /// long/double/DateTime 8, Guid 16).
    /// </summary>
    public static long EntitySize(TableEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        long size = 4 + 2L * ((entity.PartitionKey?.Length ?? 0) + (entity.RowKey?.Length ?? 0));
        foreach (var (name, value) in entity)
        {
            if (IsSystem(name) || value is null) continue;
            size += 8 + 2L * name.Length + value switch
            {
                string s => 4 + 2L * s.Length,
                byte[] b => 4 + b.Length,
                BinaryData d => 4 + d.ToMemory().Length,
                bool => 1,
                int => 4,
                long or double or DateTime or DateTimeOffset => 8,
                Guid => 16,
                _ => throw new TableLimitExceededException($"Property '{name}' has type {value.GetType().Name}, which Table storage cannot hold."),
            };
        }
        return size;
    }

    /// <summary>
    /// Throws <see cref="TableLimitExceededException"/> naming <paramref name="what"/> (by default the entity's keys), the
    /// property and the limit when the entity cannot be stored: a key past 1 KiB, a string property past 32,768
    /// characters, a binary one past 64 KiB, more than 252 properties, more than 1 MiB.
    /// </summary>
    public static void Check(TableEntity entity, string? what = null)
    {
        ArgumentNullException.ThrowIfNull(entity);
        what ??= $"Entity {entity.PartitionKey}/{entity.RowKey}";
        if ((entity.PartitionKey?.Length ?? 0) > MaxKeyChars || (entity.RowKey?.Length ?? 0) > MaxKeyChars)
            throw new TableLimitExceededException(string.Create(CultureInfo.InvariantCulture,
                $"{what}: a key is longer than {MaxKeyChars} characters (1 KiB), the most Table storage takes."));
        var count = 0;
        foreach (var (name, value) in entity)
        {
            if (IsSystem(name) || value is null) continue;
            count++;
            if (value is string s && s.Length > MaxStringChars)
                throw new TableLimitExceededException(string.Create(CultureInfo.InvariantCulture,
                    $"{what}: property '{name}' holds {s.Length:N0} characters; Table storage takes at most {MaxStringChars:N0} (64 KiB) in one property."));
            if ((value as byte[])?.Length > MaxBinaryBytes || (value as BinaryData)?.ToMemory().Length > MaxBinaryBytes)
                throw new TableLimitExceededException(string.Create(CultureInfo.InvariantCulture,
                    $"{what}: property '{name}' holds more than {MaxBinaryBytes:N0} bytes (64 KiB), the most Table storage takes in one property."));
        }
        if (count > MaxCustomProperties)
            throw new TableLimitExceededException(string.Create(CultureInfo.InvariantCulture,
                $"{what} has {count} properties; Table storage takes at most {MaxCustomProperties} besides the keys and Timestamp."));
        var size = EntitySize(entity);
        if (size > MaxEntityBytes)
            throw new TableLimitExceededException(string.Create(CultureInfo.InvariantCulture,
                $"{what} is {size:N0} bytes; Table storage takes at most {MaxEntityBytes:N0} (1 MiB) in one entity."));
    }

    /// <summary>
    /// Checks an entity-group transaction that must be written whole (a state change with its audit entry, quota slot
    /// and event): every entity (<see cref="Check(TableEntity, string?)"/>), at most 100 operations, and at most 4 MiB of
    /// estimated payload (<see cref="EstimateActionBytes"/>). Such a transaction is refused, never split.
    /// </summary>
    public static void Check(IReadOnlyList<TableTransactionAction> actions, Uri tableUri, string what)
    {
        ArgumentNullException.ThrowIfNull(actions);
        ArgumentNullException.ThrowIfNull(tableUri);
        if (actions.Count > MaxTransactionActions)
            throw new TableLimitExceededException(string.Create(CultureInfo.InvariantCulture,
                $"{what}: {actions.Count} operations, more than the {MaxTransactionActions} of one entity-group transaction."));
        long payload = EnvelopeBytes;
        foreach (var action in actions)
        {
            if (action.Entity is not TableEntity entity) continue;
            Check(entity, what);
            payload += EstimateActionBytes(entity, tableUri);
        }
        if (payload > MaxTransactionPayloadBytes)
            throw new TableLimitExceededException(string.Create(CultureInfo.InvariantCulture,
                $"{what}: a payload of about {payload:N0} bytes, more than the {MaxTransactionPayloadBytes:N0} (4 MiB) of one entity-group transaction."));
    }

    /// <summary>
    /// An upper bound of the bytes one operation on <paramref name="entity"/> adds to a transaction's request body
    /// against <paramref name="tableUri"/>: its part's fixed text, the entity's URL and its JSON. The SDK's JSON writer
    /// escapes every non-ASCII character (and a few ASCII ones) as <c>\uXXXX</c>, so a Vietnamese name costs up to
    /// 6 bytes a character: counted so, not as UTF-8.
    /// </summary>
    public static long EstimateActionBytes(TableEntity entity, Uri tableUri)
    {
        ArgumentNullException.ThrowIfNull(entity);
        ArgumentNullException.ThrowIfNull(tableUri);
        var partitionKey = entity.PartitionKey ?? "";
        var rowKey = entity.RowKey ?? "";
        long bytes = PartFixedBytes + tableUri.AbsoluteUri.Length + UrlBytes(partitionKey) + UrlBytes(rowKey);
        // {"PartitionKey":"…","RowKey":"…", …}
        bytes += 2 + 40 + JsonBytes(partitionKey) + JsonBytes(rowKey);
        foreach (var (name, value) in entity)
        {
            if (IsSystem(name) || value is null) continue;
            var nameBytes = JsonBytes(name);
            bytes += nameBytes + 4 + value switch
            {
                string s => 2 + JsonBytes(s),
                byte[] b => 2 + (b.Length + 2) / 3 * 4L,
                BinaryData d => 2 + (d.ToMemory().Length + 2) / 3 * 4L,
                bool => 5,
                int => 11,
                double => 32,
                _ => 48, // long as a string, DateTime, Guid
            };
            // "Name@odata.type":"Edm.Int64" beside every typed value.
            if (value is long or DateTime or DateTimeOffset or Guid or byte[] or BinaryData or double)
                bytes += nameBytes + 32;
        }
        return bytes;
    }

    /// <summary>
    /// The transactions that write <paramref name="entities"/> with <paramref name="actionType"/>: grouped by partition
    /// (in order of first appearance), each within <paramref name="maxActions"/> operations and <paramref name="maxPayloadBytes"/>
    /// of estimated payload (<see cref="EstimateActionBytes"/>). Every entity is checked with <see cref="Check(TableEntity, string?)"/> first.
    /// Splitting is only right where the caller does not need the entities written together (idempotent upserts of rows
    /// that stay invisible until a flip, read models that are recomputed): it changes no guarantee of theirs.
    /// </summary>
    public static List<List<TableTransactionAction>> Transactions(
        IEnumerable<TableEntity> entities, TableTransactionActionType actionType, Uri tableUri,
        int maxActions = MaxTransactionActions, long maxPayloadBytes = MaxTransactionPayloadBytes)
    {
        ArgumentNullException.ThrowIfNull(entities);
        ArgumentNullException.ThrowIfNull(tableUri);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxActions, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxActions, MaxTransactionActions);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxPayloadBytes, MaxTransactionPayloadBytes);
        var room = maxPayloadBytes - EnvelopeBytes;
        var result = new List<List<TableTransactionAction>>();
        foreach (var partition in entities.GroupBy(e => e.PartitionKey, StringComparer.Ordinal))
        {
            var current = new List<TableTransactionAction>();
            var rowKeys = new HashSet<string>(StringComparer.Ordinal);
            long bytes = 0;
            foreach (var entity in partition)
            {
                Check(entity);
                var size = EstimateActionBytes(entity, tableUri);
                if (size > room)
                    throw new TableLimitExceededException(string.Create(CultureInfo.InvariantCulture,
                        $"Entity {entity.PartitionKey}/{entity.RowKey} needs up to {size:N0} bytes in a transaction; an entity-group transaction takes at most {maxPayloadBytes:N0}."));
                // Which of two writes of one entity wins would depend on the order the transactions run in: refuse.
                if (!rowKeys.Add(entity.RowKey))
                    throw new InvalidOperationException($"Entity {entity.PartitionKey}/{entity.RowKey} appears twice among the entities to write.");
                if (current.Count == maxActions || bytes + size > room)
                {
                    result.Add(current);
                    current = [];
                    bytes = 0;
                }
                current.Add(new TableTransactionAction(actionType, entity));
                bytes += size;
            }
            if (current.Count > 0) result.Add(current);
        }
        return result;
    }

    /// <summary>
    /// Stores <paramref name="items"/> joined by <paramref name="separator"/> in <paramref name="name"/>, continued in
    /// <c>{name}2</c>, <c>{name}3</c>… when one property cannot hold them (never cutting an item), so that a list that
    /// grows past 32,768 characters still fits one entity. <see cref="GetList"/> reads it back.
    /// </summary>
    public static void SetList(TableEntity entity, string name, IEnumerable<string> items, char separator)
    {
        ArgumentNullException.ThrowIfNull(entity);
        ArgumentNullException.ThrowIfNull(items);
        var part = 1;
        var text = new System.Text.StringBuilder();
        foreach (var item in items)
        {
            if (item.Length > MaxStringChars)
                throw new TableLimitExceededException($"An item of '{name}' is longer than one table property can hold.");
            if (text.Length > 0 && text.Length + 1 + item.Length > MaxStringChars)
            {
                entity[PartName(name, part++)] = text.ToString();
                text.Clear();
            }
            if (text.Length > 0) text.Append(separator);
            text.Append(item);
        }
        entity[PartName(name, part)] = text.ToString();
    }

    /// <summary>The items <see cref="SetList"/> stored (also a list written as one property before it existed).</summary>
    public static List<string> GetList(TableEntity entity, string name, char separator)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var items = new List<string>();
        for (var part = 1; entity.GetString(PartName(name, part)) is { } text; part++)
            items.AddRange(text.Split(separator, StringSplitOptions.RemoveEmptyEntries));
        return items;
    }

    /// <summary><paramref name="text"/> cut to <paramref name="maxChars"/> (an ellipsis marks the cut), for free text such as error messages.</summary>
    public static string? Fit(string? text, int maxChars = MaxStringChars)
    {
        if (text is null || text.Length <= maxChars) return text;
        var cut = maxChars - 1;
        if (char.IsHighSurrogate(text[cut - 1])) cut--;
        return string.Concat(text.AsSpan(0, cut), "…");
    }

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

    /// <summary>Bytes of <paramref name="text"/> inside a JSON string at most: 1 for plain ASCII, 6 for an escaped character.</summary>
    private static long JsonBytes(string text)
    {
        long bytes = 0;
        foreach (var c in text)
            bytes += c is >= ' ' and <= '~' and not ('"' or '\\' or '<' or '>' or '&' or '\'' or '+' or '`') ? 1 : 6;
        return bytes;
    }

    /// <summary>Bytes of a key in the entity's URL at most: quotes doubled, then percent-encoded UTF-8 (9 for a 3-byte character).</summary>
    private static long UrlBytes(string key)
    {
        long bytes = 0;
        foreach (var c in key)
            bytes += char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~' ? 1 : 9;
        return bytes;
    }

    private static string PartName(string name, int part) => part == 1 ? name : name + part.ToString(CultureInfo.InvariantCulture);

    private static bool IsSystem(string name) => name is "PartitionKey" or "RowKey" or "Timestamp" or "odata.etag";

    private static InvalidDataException Missing(TableEntity entity, int index) =>
        new(string.Create(CultureInfo.InvariantCulture, $"Row {entity.PartitionKey}/{entity.RowKey} has no {JsonPart(index)} though {JsonPartsProperty} says {entity.GetInt32(JsonPartsProperty)}."));
}
