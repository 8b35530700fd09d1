using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace NoOneLeftBehind.Infrastructure.Storage.Tables;

/// <summary>
/// Entity-group transaction wire format: a <c>multipart/mixed</c> batch holding one changeset, each part an
/// <c>application/http</c> request. The answer is a multipart too; on failure it holds the one response that
/// failed, whose error message starts with the failing operation's 0-based index ("3:The specified entity…").
/// </summary>
internal static partial class TableBatch
{
    public const int MaxActions = 100;

    public sealed record Request(string Boundary, byte[] Body);

    public static Request Build(StorageTableClient client, string tableName, IReadOnlyList<TableTransactionAction> actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        if (actions.Count is 0 or > MaxActions)
        {
            throw new ArgumentException($"A transaction holds 1 to {MaxActions} operations, not {actions.Count}.", nameof(actions));
        }
        var partition = actions[0].Entity?.PartitionKey;
        var rowKeys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var action in actions)
        {
            ArgumentNullException.ThrowIfNull(action);
            StorageTableClient.ValidateEntity(tableName, action.Entity);
            if (!string.Equals(action.Entity.PartitionKey, partition, StringComparison.Ordinal))
            {
                throw new ArgumentException("All operations of a transaction must target the same partition.", nameof(actions));
            }
            if (!rowKeys.Add(action.Entity.RowKey))
            {
                throw new ArgumentException($"RowKey '{action.Entity.RowKey}' appears twice; a transaction may touch an entity only once.", nameof(actions));
            }
        }

        var batchBoundary = "batch_" + Guid.NewGuid().ToString("N");
        var changesetBoundary = "changeset_" + Guid.NewGuid().ToString("N");
        using var body = new MemoryStream();
        void Write(string text)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            body.Write(bytes, 0, bytes.Length);
        }

        Write($"--{batchBoundary}\r\nContent-Type: multipart/mixed; boundary={changesetBoundary}\r\n\r\n");
        for (var i = 0; i < actions.Count; i++)
        {
            var action = actions[i];
            var (method, uri, ifMatch, hasBody) = action.ActionType switch
            {
                TableTransactionActionType.Insert => ("POST", client.TableUri(tableName), null, true),
                TableTransactionActionType.UpsertMerge => ("MERGE", EntityUri(client, tableName, action), null, true),
                TableTransactionActionType.UpsertReplace => ("PUT", EntityUri(client, tableName, action), null, true),
                TableTransactionActionType.UpdateMerge => ("MERGE", EntityUri(client, tableName, action), action.ETag ?? "*", true),
                TableTransactionActionType.UpdateReplace => ("PUT", EntityUri(client, tableName, action), action.ETag ?? "*", true),
                TableTransactionActionType.Delete => ("DELETE", EntityUri(client, tableName, action), action.ETag ?? "*", false),
                _ => throw new ArgumentOutOfRangeException(nameof(actions), action.ActionType, "Unknown transaction action."),
            };
            Write($"--{changesetBoundary}\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n");
            Write($"{method} {uri.AbsoluteUri} HTTP/1.1\r\n");
            Write("Accept: application/json;odata=minimalmetadata\r\nDataServiceVersion: 3.0\r\n");
            Write(string.Create(CultureInfo.InvariantCulture, $"Content-ID: {i + 1}\r\n"));
            if (ifMatch is not null)
            {
                Write($"If-Match: {ifMatch}\r\n");
            }
            if (hasBody)
            {
                if (action.ActionType == TableTransactionActionType.Insert)
                {
                    Write("Prefer: return-no-content\r\n");
                }
                Write($"Content-Type: {StorageTableClient.JsonContentType}\r\n\r\n");
                var json = TableJson.Serialize(action.Entity);
                body.Write(json, 0, json.Length);
                Write("\r\n");
            }
            else
            {
                Write("\r\n");
            }
        }
        Write($"--{changesetBoundary}--\r\n--{batchBoundary}--\r\n");
        return new Request(batchBoundary, body.ToArray());
    }

    public static TableTransactionResult ParseResponse(string contentType, string body, int actionCount)
    {
        var responses = new List<(int Status, string? ETag, string? ContentId, string Body)>();
        var boundary = Boundary(contentType);
        foreach (var part in SplitParts(body, boundary))
        {
            // A batch part is either the changeset (itself multipart) or a single response.
            var nested = NestedBoundary().Match(part);
            var pieces = nested.Success ? SplitParts(part, nested.Groups[1].Value) : [part];
            foreach (var piece in pieces)
            {
                var statusLine = StatusLine().Match(piece);
                if (!statusLine.Success)
                {
                    continue;
                }
                var status = int.Parse(statusLine.Groups[1].Value, CultureInfo.InvariantCulture);
                var etag = HeaderValue(piece[statusLine.Index..], "ETag");
                var contentId = HeaderValue(piece, "Content-ID");
                var blank = piece.IndexOf("\r\n\r\n", statusLine.Index, StringComparison.Ordinal);
                var innerBody = blank < 0 ? "" : piece[(blank + 4)..].Trim();
                responses.Add((status, etag, contentId, innerBody));
            }
        }

        var failedPosition = responses.FindIndex(r => r.Status >= 400);
        if (failedPosition < 0)
        {
            var etags = new string?[actionCount];
            for (var i = 0; i < actionCount && i < responses.Count; i++)
            {
                etags[i] = responses[i].ETag;
            }
            return new TableTransactionResult(true, etags, null, null, null, null);
        }

        var failed = responses[failedPosition];
        var (code, message) = Core.StorageErrorBody.Parse(failed.Body);
        int? index = null;
        if (message is not null && LeadingIndex().Match(message) is { Success: true } m)
        {
            index = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            message = message[m.Length..];
        }
        else if (int.TryParse(failed.ContentId, NumberStyles.None, CultureInfo.InvariantCulture, out var contentId) && contentId >= 1)
        {
            index = contentId - 1;
        }
        else if (responses.Count == actionCount)
        {
            index = failedPosition;
        }
        return new TableTransactionResult(false, new string?[actionCount], index, failed.Status, code, message?.Split('\n', 2)[0].Trim());
    }

    private static Uri EntityUri(StorageTableClient client, string tableName, TableTransactionAction action) =>
        client.EntityUri(tableName, action.Entity.PartitionKey, action.Entity.RowKey);

    private static string Boundary(string contentType)
    {
        var match = BoundaryParameter().Match(contentType);
        if (!match.Success)
        {
            throw new Core.StorageRequestException($"Entity Group Transaction: the response is not multipart (Content-Type '{contentType}').");
        }
        return match.Groups[1].Value.Trim('"');
    }

    private static List<string> SplitParts(string body, string boundary)
    {
        var parts = new List<string>();
        var delimiter = "--" + boundary;
        var segments = body.Split(delimiter);
        // segments[0] is the preamble; a segment starting with "--" is the closing delimiter's tail.
        for (var i = 1; i < segments.Length; i++)
        {
            if (segments[i].StartsWith("--", StringComparison.Ordinal))
            {
                break;
            }
            parts.Add(segments[i]);
        }
        return parts;
    }

    private static string? HeaderValue(string text, string name)
    {
        foreach (var line in text.Split("\r\n"))
        {
            if (line.Length == 0)
            {
                break;
            }
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line[..colon].Trim().Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return line[(colon + 1)..].Trim();
            }
        }
        return null;
    }

    [GeneratedRegex(@"boundary=([^;\s]+)", RegexOptions.IgnoreCase)]
    private static partial Regex BoundaryParameter();

    [GeneratedRegex(@"Content-Type:\s*multipart/mixed;\s*boundary=([^;\s]+)", RegexOptions.IgnoreCase)]
    private static partial Regex NestedBoundary();

    [GeneratedRegex(@"HTTP/1\.1 (\d{3})")]
    private static partial Regex StatusLine();

    [GeneratedRegex(@"^(\d+):")]
    private static partial Regex LeadingIndex();
}
