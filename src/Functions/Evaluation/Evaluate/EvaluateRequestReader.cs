using System.Text.Json;
using NoOneLeftBehind.Domain.Criteria;
using NoOneLeftBehind.Domain.Plans;

namespace NoOneLeftBehind.Functions.Evaluation.Evaluate;

/// <summary>
/// Reads the POST /api/evaluate body field by field, so that every type error names its field
/// (<c>statistics[2].poor</c>) instead of stopping at the first one. Unknown facts and fields are ignored.
/// </summary>
internal static class EvaluateRequestReader
{
    public static EvaluationRequest? Read(JsonElement root, List<FieldError> errors)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new("body", "Nội dung yêu cầu phải là một đối tượng JSON.", "The body must be a JSON object."));
            return null;
        }

        var planText = String(root, "planId", "planId", errors, required: true);
        PlanId planId = default;
        if (planText is not null && !PlanId.TryParse(planText, out planId))
            errors.Add(new("planId", $"'{planText}' không phải mã kế hoạch (chữ thường, số và dấu gạch ngang).", $"'{planText}' is not a plan id (lower-case letters, digits and hyphens)."));

        var subject = ReadSubject(root, errors);
        var year = Int(root, "nominationYear", "nominationYear", errors, required: true);
        var statistics = ReadStatistics(root, errors);
        var facts = ReadFacts(root, errors);
        var attestations = ReadAttestations(root, errors);
        var awardFormId = String(root, "awardFormId", "awardFormId", errors, required: false);

        if (errors.Count > 0)
            return null;
        return new EvaluationRequest
        {
            PlanId = planId,
            Subject = subject!,
            NominationYear = year!.Value,
            Statistics = statistics,
            Facts = facts,
            Attestations = attestations,
            AwardFormId = awardFormId,
        };
    }

    private static EvaluationSubject? ReadSubject(JsonElement root, List<FieldError> errors)
    {
        if (!Property(root, "subject", "subject", JsonValueKind.Object, errors, required: true, out var subject))
            return null;
        var kindWord = String(subject, "kind", "subject.kind", errors, required: true);
        SubjectKind kind = default;
        if (kindWord is not null && !SubjectKinds.TryParse(kindWord, out kind))
        {
            var known = string.Join(", ", SubjectKinds.KindWords);
            errors.Add(new("subject.kind", $"Loại đối tượng '{kindWord}' không có. Các loại: {known}.", $"Unknown subject kind '{kindWord}'. Kinds: {known}."));
        }
        var name = String(subject, "name", "subject.name", errors, required: false);
        var unitCode = String(subject, "unitCode", "subject.unitCode", errors, required: false);
        var tags = new List<string>();
        if (Property(subject, "tags", "subject.tags", JsonValueKind.Array, errors, required: false, out var tagArray))
        {
            var i = 0;
            foreach (var tag in tagArray.EnumerateArray())
            {
                if (tag.ValueKind == JsonValueKind.String)
                    tags.Add(tag.GetString()!);
                else
                    errors.Add(new($"subject.tags[{i}]", "Nhãn phải là chuỗi.", "A tag must be a string."));
                i++;
            }
        }
        return new EvaluationSubject(kind, SubjectKinds.ParseTags(tags), name, unitCode);
    }

    private static YearFigures[] ReadStatistics(JsonElement root, List<FieldError> errors)
    {
        if (!Property(root, "statistics", "statistics", JsonValueKind.Array, errors, required: false, out var array))
            return [];
        var figures = new List<YearFigures>(array.GetArrayLength());
        var i = 0;
        foreach (var row in array.EnumerateArray())
        {
            var path = $"statistics[{i++}]";
            if (row.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new(path, "Mỗi dòng số liệu phải là một đối tượng.", "Each statistics row must be an object."));
                continue;
            }
            var year = Int(row, "year", path + ".year", errors, required: true);
            var households = Long(row, "households", path + ".households", errors, required: true);
            var poor = Long(row, "poor", path + ".poor", errors, required: true);
            var nearPoor = Long(row, "nearPoor", path + ".nearPoor", errors, required: true);
            var minorityHouseholds = Long(row, "minorityHouseholds", path + ".minorityHouseholds", errors, required: false);
            var minorityPoor = Long(row, "minorityPoor", path + ".minorityPoor", errors, required: false);
            var minorityNearPoor = Long(row, "minorityNearPoor", path + ".minorityNearPoor", errors, required: false);
            if (year is not null && households is not null && poor is not null && nearPoor is not null)
                figures.Add(new YearFigures(year.Value, households.Value, poor.Value, nearPoor.Value, minorityHouseholds, minorityPoor, minorityNearPoor));
        }
        return [.. figures];
    }

    private static EvaluationFacts ReadFacts(JsonElement root, List<FieldError> errors)
    {
        if (!Property(root, "facts", "facts", JsonValueKind.Object, errors, required: false, out var facts))
            return default;
        decimal? contribution = null;
        if (Property(facts, "contribution", "facts.contribution", JsonValueKind.Number, errors, required: false, out var c))
        {
            if (c.TryGetDecimal(out var d))
                contribution = d;
            else
                errors.Add(new("facts.contribution", $"Giá trị đóng góp (đồng) (facts.contribution) ngoài khoảng đọc được; nhận {c.GetRawText()}.",
                    $"The contribution (VND) (facts.contribution) is out of range; got {c.GetRawText()}."));
        }
        return new EvaluationFacts(
            Long(facts, "policyHouseholdsPoor", "facts.policyHouseholdsPoor", errors, required: false),
            Int(facts, "escapedPovertyYear", "facts.escapedPovertyYear", errors, required: false),
            Int(facts, "consecutiveYearsInPovertyWork", "facts.consecutiveYearsInPovertyWork", errors, required: false),
            contribution,
            Int(facts, "policyHouseholdsPoorYear", "facts.policyHouseholdsPoorYear", errors, required: false));
    }

    private static Attestation[] ReadAttestations(JsonElement root, List<FieldError> errors)
    {
        if (!Property(root, "attestations", "attestations", JsonValueKind.Array, errors, required: false, out var array))
            return [];
        var attestations = new List<Attestation>();
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            var path = $"attestations[{i++}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new(path, "Mỗi xác nhận phải là một đối tượng.", "Each attestation must be an object."));
                continue;
            }
            var id = String(item, "criterionId", path + ".criterionId", errors, required: true);
            bool? met = null;
            if (item.TryGetProperty("met", out var m) && m.ValueKind is JsonValueKind.True or JsonValueKind.False)
                met = m.GetBoolean();
            else
                errors.Add(new(path + ".met", "Cần giá trị true hoặc false.", "Required: true or false."));
            var note = String(item, "note", path + ".note", errors, required: false);
            if (id is not null && met is not null)
                attestations.Add(new Attestation(id, met.Value, note));
        }
        return [.. attestations];
    }

    private static bool Property(JsonElement obj, string name, string path, JsonValueKind kind, List<FieldError> errors, bool required, out JsonElement value)
    {
        if (!obj.TryGetProperty(name, out value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
                errors.Add(new(path, "Trường bắt buộc.", "Required."));
            return false;
        }
        if (value.ValueKind != kind)
        {
            errors.Add(kind == JsonValueKind.Number ? NumberFields.NotANumber(path, value) : new(path, $"Cần kiểu {Kind(kind)}.", $"Expected {KindEn(kind)}."));
            return false;
        }
        return true;
    }

    private static string? String(JsonElement obj, string name, string path, List<FieldError> errors, bool required) =>
        Property(obj, name, path, JsonValueKind.String, errors, required, out var value) ? value.GetString() : null;

    private static long? Long(JsonElement obj, string name, string path, List<FieldError> errors, bool required)
    {
        if (!Property(obj, name, path, JsonValueKind.Number, errors, required, out var value))
            return null;
        if (value.TryGetInt64(out var n))
            return n;
        errors.Add(NumberFields.NotWhole(path, value));
        return null;
    }

    private static int? Int(JsonElement obj, string name, string path, List<FieldError> errors, bool required)
    {
        if (!Property(obj, name, path, JsonValueKind.Number, errors, required, out var value))
            return null;
        if (value.TryGetInt32(out var n))
            return n;
        errors.Add(NumberFields.NotWhole(path, value));
        return null;
    }

    private static string Kind(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "đối tượng JSON",
        JsonValueKind.Array => "mảng",
        JsonValueKind.Number => "số",
        _ => "chuỗi",
    };

    private static string KindEn(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.Number => "a number",
        _ => "a string",
    };
}
