using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Data.Tables;

namespace NoOneLeftBehind.Infrastructure.Messaging;

/// <summary>
/// An event for other government systems, shaped as a CloudEvents 1.0 JSON event (docs/events.md): English keys,
/// the product's Vietnamese words in <see cref="Data"/>. Its <see cref="Id"/> is the Service Bus <c>MessageId</c>, so
/// the topic's duplicate detection drops a repeat.
/// </summary>
/// <param name="Id">Unique per event (a GUID, "N" format).</param>
/// <param name="Type">e.g. <c>vn.gov.noonelb.dossier.submitted</c> (<see cref="IntegrationEventTypes"/>).</param>
/// <param name="Source">Where it happened: <c>/units/{unitCode}/dossiers</c>, <c>/statistics</c>.</param>
/// <param name="Subject">What it is about: a dossier id, a statistics version.</param>
/// <param name="Time">When the state change was made.</param>
/// <param name="Data">The event's data (see docs/events.md per type).</param>
public sealed record IntegrationEvent(string Id, string Type, string Source, string Subject, DateTimeOffset Time, JsonElement Data)
{
    /// <summary>The CloudEvents <c>specversion</c>.</summary>
    public const string SpecVersion = "1.0";

    /// <summary>The Content-Type of a message holding one event in structured mode.</summary>
    public const string ContentType = "application/cloudevents+json; charset=utf-8";

    /// <summary>Serialization of bodies: camelCase keys, Vietnamese letters written as they are.</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>A new event with a fresh id.</summary>
    public static IntegrationEvent Create<TData>(string type, string source, string subject, DateTimeOffset time, TData data) =>
        new(Guid.NewGuid().ToString("N"), type, source, subject, time, JsonSerializer.SerializeToElement(data, Json));

    /// <summary>The structured-mode CloudEvents JSON of this event.</summary>
    public string ToCloudEventJson() => JsonSerializer.Serialize(new CloudEventEnvelope(SpecVersion, Id, Type, Source, Subject,
        Time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture), "application/json", Data), Json);

    private sealed record CloudEventEnvelope(
        [property: JsonPropertyName("specversion")] string SpecVersion,
        [property: JsonPropertyName("id")] string Id,
        [property: JsonPropertyName("type")] string Type,
        [property: JsonPropertyName("source")] string Source,
        [property: JsonPropertyName("subject")] string Subject,
        [property: JsonPropertyName("time")] string Time,
        [property: JsonPropertyName("datacontenttype")] string DataContentType,
        [property: JsonPropertyName("data")] JsonElement Data);
}

/// <summary>The event types the product publishes (docs/events.md).</summary>
public static class IntegrationEventTypes
{
    /// <summary>A dossier was submitted (or resubmitted after a return) for evaluation and review.</summary>
    public const string DossierSubmitted = "vn.gov.noonelb.dossier.submitted";

    /// <summary>A reviewer approved or rejected a dossier.</summary>
    public const string DossierDecided = "vn.gov.noonelb.dossier.decided";

    /// <summary>
    /// A body submitted (trình) its list of nominees for a plan's stage and award form (Bắc Giang IV.3.b: Sở LĐ-TB&amp;XH to
    /// the Chủ tịch UBND tỉnh via Sở Nội vụ); its dossiers are forwarded. (The reserved <c>nominee-list.approved</c> was
    /// never published: what the product records is the submission; the approval is the Chủ tịch's decision.)
    /// </summary>
    public const string NomineeListSubmitted = "vn.gov.noonelb.nominee-list.submitted";

    /// <summary>A unit or body's signed review report (báo cáo sơ kết / tổng kết / hằng năm) was accepted: a new version (issue 18, docs/reports.md).</summary>
    public const string ReportSubmitted = "vn.gov.noonelb.report.submitted";

    /// <summary>A statistics import became the published version of the review figures.</summary>
    public const string StatisticsVersionPublished = "vn.gov.noonelb.statistics.version-published";
}

/// <summary>
/// The transactional outbox: an event is stored as a row in the same table and partition as the state change it
/// reports, in the same entity-group transaction, so that the change and its event are written together or not at
/// all. <see cref="OutboxDispatcher"/> sends the rows and deletes them.
/// </summary>
public static class Outbox
{
    /// <summary>Row keys of outbox rows start with this (never a key the tables use otherwise).</summary>
    public const string RowKeyPrefix = "outbox~";

    /// <summary>The row that carries <paramref name="integrationEvent"/> in <paramref name="partitionKey"/>.</summary>
    public static TableEntity Row(string partitionKey, IntegrationEvent integrationEvent)
    {
        ArgumentNullException.ThrowIfNull(integrationEvent);
        return new TableEntity(partitionKey, RowKeyPrefix + integrationEvent.Id)
        {
            ["EventType"] = integrationEvent.Type,
            ["Event"] = integrationEvent.ToCloudEventJson(),
            ["CreatedAt"] = integrationEvent.Time,
        };
    }

    /// <summary>The transaction action that adds the row (append it to the state change's actions).</summary>
    public static TableTransactionAction Add(string partitionKey, IntegrationEvent integrationEvent) =>
        new(TableTransactionActionType.Add, Row(partitionKey, integrationEvent));
}
