using System.Text.Json;
using System.Text.Json.Serialization;
using NoOneLeftBehind.Domain.Plans;
using NoOneLeftBehind.Domain.Units;

namespace NoOneLeftBehind.Domain.Dossiers;

// The typed ids of a dossier are written as the plain strings they always were, so stored rows and API bodies keep
// their shape; a stored value that is not a well-formed id fails loudly instead of loading a default id.

/// <summary>A <see cref="DossierId"/> as its text.</summary>
public sealed class DossierIdJsonConverter : JsonConverter<DossierId>
{
    /// <inheritdoc />
    public override DossierId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DossierId.TryParse(reader.GetString(), out var id) ? id : throw new JsonException($"'{reader.GetString()}' is not a dossier id.");

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, DossierId value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.Value);
    }
}

/// <summary>A <see cref="PlanId"/> as its text (on the dossier's property: the plan model is not changed for it).</summary>
public sealed class PlanIdJsonConverter : JsonConverter<PlanId>
{
    /// <inheritdoc />
    public override PlanId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        PlanId.TryParse(reader.GetString(), out var id) ? id : throw new JsonException($"'{reader.GetString()}' is not a plan id.");

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, PlanId value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.Value);
    }
}

/// <summary>A <see cref="UnitCode"/> as its text (on the dossier's property).</summary>
public sealed class UnitCodeJsonConverter : JsonConverter<UnitCode>
{
    /// <inheritdoc />
    public override UnitCode Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        UnitCode.TryParse(reader.GetString(), out var code) ? code : throw new JsonException($"'{reader.GetString()}' is not a unit code.");

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, UnitCode value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.Value);
    }
}
