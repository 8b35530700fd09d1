using System.Text.Json.Serialization;
using NoOneLeftBehind.Domain.Plans;

namespace NoOneLeftBehind.Domain.Reports;

/// <summary>
/// An outline (đề cương báo cáo) for a review report, as the plan that gives it states it: numbered sections, their
/// sub-sections and prompts, each with the clause it comes from. Read from <c>Reports/Outlines/*.json</c>.
/// </summary>
public sealed record ReportOutline
{
    /// <summary>Stable id (the file's name), e.g. <c>de-cuong-bac-giang-2023</c>.</summary>
    public required string Id { get; init; }
    /// <summary>The plan the outline is attached to.</summary>
    public required string Plan { get; init; }
    /// <summary>The clause of that plan that attaches it.</summary>
    public required string Clause { get; init; }
    /// <summary>The outline's heading, as the plan prints it.</summary>
    public required string Title { get; init; }
    /// <summary>The top-level sections (I, II, …) in the plan's order.</summary>
    public required IReadOnlyList<OutlineSection> Sections { get; init; }

    /// <summary>Every section, depth first, in the outline's order, with its numbered path (e.g. "II.4.b").</summary>
    public IEnumerable<(string Path, OutlineSection Section, int Depth)> Walk()
    {
        foreach (var s in Sections)
            foreach (var item in Walk(s, s.Number, 0))
                yield return item;
    }

    private static IEnumerable<(string, OutlineSection, int)> Walk(OutlineSection section, string path, int depth)
    {
        yield return (path, section, depth);
        foreach (var child in section.Subsections ?? [])
            foreach (var item in Walk(child, path + "." + child.Number, depth + 1))
                yield return item;
    }
}

/// <summary>One section of an outline.</summary>
public sealed record OutlineSection
{
    /// <summary>Its number in the outline ("I", "3", "b").</summary>
    public required string Number { get; init; }
    /// <summary>Its heading, in the plan's words.</summary>
    public required string Title { get; init; }
    /// <summary>The clause it comes from.</summary>
    public required string Clause { get; init; }
    /// <summary>What the author is asked to write, in the plan's words (the italic notes of the outline), if any.</summary>
    public IReadOnlyList<string>? Prompts { get; init; }
    /// <summary>The tables the product fills in under this section.</summary>
    public IReadOnlyList<ReportFigures>? Figures { get; init; }
    /// <summary>Sub-sections, in order.</summary>
    public IReadOnlyList<OutlineSection>? Subsections { get; init; }

    /// <summary>True when the author writes this section (it has no sub-sections).</summary>
    [JsonIgnore]
    public bool IsLeaf => Subsections is not { Count: > 0 };
}

/// <summary>The figures the product fills into a section.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ReportFigures>))]
public enum ReportFigures
{
    /// <summary>Households, poor, near-poor and their rates year by year, with the yearly falls, plus the chart.</summary>
    [JsonStringEnumMemberName("poverty")] Poverty,
    /// <summary>The plan's targets and where the unit stands against them.</summary>
    [JsonStringEnumMemberName("targets")] Targets,
    /// <summary>The units directly below (a district's communes, a province's districts or communes).</summary>
    [JsonStringEnumMemberName("units-below")] UnitsBelow,
    /// <summary>Nominations and awards by award form and status.</summary>
    [JsonStringEnumMemberName("awards")] Awards,
    /// <summary>Quota use by nominating unit, award form and subject kind.</summary>
    [JsonStringEnumMemberName("quotas")] Quotas,
    /// <summary>Dossiers submitted on time or late.</summary>
    [JsonStringEnumMemberName("dossiers")] Dossiers,
}

/// <summary>Which reports a plan asks for, at which stage, following which outline, sent where and by when. Read from <c>Reports/Schedules/*.json</c>.</summary>
public sealed record ReportSchedule
{
    /// <summary>The plan id.</summary>
    public required string Plan { get; init; }
    /// <summary>The reports, one per stage.</summary>
    public required IReadOnlyList<ScheduledReport> Reports { get; init; }
}

/// <summary>The report of one stage of a plan.</summary>
public sealed record ScheduledReport
{
    /// <summary>The stage (the year is absent for the yearly report).</summary>
    public required ReportStage Stage { get; init; }
    /// <summary>The outline's id.</summary>
    public required string Outline { get; init; }
    /// <summary>The clause of this plan that attaches the outline, when the plan gives its own.</summary>
    public string? OutlineClause { get; init; }
    /// <summary>Why another plan's outline is used (the plan gives none: the movement's default), when it is.</summary>
    public string? OutlineNote { get; init; }
    /// <summary>Where the report goes and by when, per level of the reporting unit.</summary>
    public required IReadOnlyList<ReportRoute> Routes { get; init; }
}

/// <summary>A stage of a plan a report is written for.</summary>
/// <param name="Kind">Annual, mid-term (sơ kết) or final (tổng kết).</param>
/// <param name="Year">The year of a mid-term or final stage; null for the yearly report.</param>
public sealed record ReportStage(StageKind Kind, int? Year = null);

/// <summary>
/// Who sends the report to whom by when: either a deadline of the plan's catalogue (<see cref="Deadline"/>, its clause, date and
/// parties are the catalogue's), or a clause of the plan without a date of its own (<see cref="NoDate"/> says why).
/// </summary>
public sealed record ReportRoute
{
    /// <summary>The reporting level: <c>unit</c> (any unit or body), <c>district</c> or <c>province</c> (the consolidated report).</summary>
    public required string Level { get; init; }
    /// <summary>The id of the plan's deadline (catalogue <c>deadlines[].id</c>).</summary>
    public string? Deadline { get; init; }
    /// <summary>The clause, when the route is not a catalogue deadline.</summary>
    public string? Clause { get; init; }
    /// <summary>Who sends, when the route is not a catalogue deadline.</summary>
    public string? From { get; init; }
    /// <summary>Who receives, when the route is not a catalogue deadline.</summary>
    public string? To { get; init; }
    /// <summary>The plan's words, when the route is not a catalogue deadline.</summary>
    public string? Text { get; init; }
    /// <summary>Why there is no date.</summary>
    public string? NoDate { get; init; }
    /// <summary>
    /// Who sends on this route (<see cref="ReportReporters"/>): <c>units-below</c> (the units directly below the governed
    /// unit), <c>bodies</c> (its registered nominating bodies), <c>self</c> (the governed unit itself). Default: units below
    /// and bodies for the <c>unit</c> level, the unit itself for <c>district</c> and <c>province</c>.
    /// </summary>
    public IReadOnlyList<string>? Reporters { get; init; }
    /// <summary>Why the reporters are not the default, when they are given.</summary>
    public string? ReportersNote { get; init; }
}

/// <summary>The outline and schedule files' format (source-generated; unknown fields refused).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    RespectNullableAnnotations = true,
    AllowDuplicateProperties = false,
    GenerationMode = JsonSourceGenerationMode.Metadata)]
[JsonSerializable(typeof(ReportOutline))]
[JsonSerializable(typeof(ReportSchedule))]
internal sealed partial class ReportJson : JsonSerializerContext;
