using System.Text.Json;
using System.Text.Json.Serialization;
using NoOneLeftBehind.Domain.Plans;
using NoOneLeftBehind.Domain.Units;

namespace NoOneLeftBehind.Domain.Dossiers;

/// <summary>
/// A typed id written as the plain string it always was, so stored rows and API bodies keep their shape; a stored value
/// that is not a well-formed id fails loudly instead of loading a default id.
/// </summary>
/// <typeparam name="T">The id type.</typeparam>
public abstract class TextIdJsonConverter<T> : JsonConverter<T>
    where T : struct
{
    /// <summary>Parses the text; false when it is not a well-formed id.</summary>
    protected abstract bool TryParse(string? text, out T value);

    /// <summary>The id's text.</summary>
    protected abstract string Text(T value);

    /// <inheritdoc />
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        return TryParse(text, out var value) ? value : throw new JsonException($"'{text}' is not a well-formed {typeof(T).Name}.");
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(Text(value));
    }
}

/// <summary>A <see cref="DossierId"/> as its text.</summary>
public sealed class DossierIdJsonConverter : TextIdJsonConverter<DossierId>
{
    /// <inheritdoc />
    protected override bool TryParse(string? text, out DossierId value) => DossierId.TryParse(text, out value);

    /// <inheritdoc />
    protected override string Text(DossierId value) => value.Value;
}

/// <summary>A <see cref="PlanId"/> as its text (on the dossier's property: the plan model is not changed for it).</summary>
public sealed class PlanIdJsonConverter : TextIdJsonConverter<PlanId>
{
    /// <inheritdoc />
    protected override bool TryParse(string? text, out PlanId value) => PlanId.TryParse(text, out value);

    /// <inheritdoc />
    protected override string Text(PlanId value) => value.Value;
}

/// <summary>A <see cref="UnitCode"/> as its text (on the dossier's property).</summary>
public sealed class UnitCodeJsonConverter : TextIdJsonConverter<UnitCode>
{
    /// <inheritdoc />
    protected override bool TryParse(string? text, out UnitCode value) => UnitCode.TryParse(text, out value);

    /// <inheritdoc />
    protected override string Text(UnitCode value) => value.Value;
}
