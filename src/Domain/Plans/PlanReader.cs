using System.Text.Json;

namespace NoOneLeftBehind.Domain.Plans;

/// <summary>
/// Reads a plan file into a <see cref="Plan"/> with <see cref="JsonDocument"/> and explicit mapping, for a fast
/// first load: the serializer's reflection path costs 100+ ms of metadata building and JIT the first time a process
/// uses it (issue #3), this reader a few milliseconds.
/// </summary>
/// <remarks>
/// The reader is deliberately stricter than <see cref="PlanValidator.Options"/>: it accepts only what the serializer
/// accepts too, and yields the same objects (exact property names, required members present, no nulls where the
/// model has none, enums by their contract words only, no unknown or repeated members). Anything else — a syntax
/// error, a misspelt field, a wrong type, but also a legal oddity such as an enum given as a number — makes it
/// return null, and the caller then deserializes with the serializer, which reports the exact problem with its
/// JSON path or reads the oddity the way it always did. So the errors of a broken plan file are unchanged.
/// </remarks>
internal static class PlanReader
{
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = 64,
    };

    /// <summary>The plan, or null when the file is anything but a plain, valid plan document.</summary>
    public static Plan? TryRead(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json, DocumentOptions);
            return ReadPlan(document.RootElement);
        }
        catch (JsonException)
        {
            return null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    // Thrown (and caught above) when the file is not plain: the serializer will say why.
    private static FormatException Unusual() => new();

    private static void Once(ref int seen, int bit)
    {
        if ((seen & (1 << bit)) != 0) throw Unusual();
        seen |= 1 << bit;
    }

    private static JsonElement.ObjectEnumerator Members(JsonElement e) =>
        e.ValueKind == JsonValueKind.Object ? e.EnumerateObject() : throw Unusual();

    private static string Str(JsonElement e) => e.ValueKind == JsonValueKind.String ? e.GetString()! : throw Unusual();

    private static string? OptStr(JsonElement e) => e.ValueKind == JsonValueKind.Null ? null : Str(e);

    private static int Int(JsonElement e) => e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var v) ? v : throw Unusual();

    private static int? OptInt(JsonElement e) => e.ValueKind == JsonValueKind.Null ? null : Int(e);

    private static decimal? OptDec(JsonElement e) =>
        e.ValueKind == JsonValueKind.Null ? null
        : e.ValueKind == JsonValueKind.Number && e.TryGetDecimal(out var v) ? v
        : throw Unusual();

    private static bool? OptBool(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw Unusual(),
    };

    private static List<T> List<T>(JsonElement e, Func<JsonElement, T> item)
    {
        if (e.ValueKind != JsonValueKind.Array) throw Unusual();
        var list = new List<T>(e.GetArrayLength());
        foreach (var element in e.EnumerateArray())
            list.Add(item(element));
        return list;
    }

    private static List<T>? OptList<T>(JsonElement e, Func<JsonElement, T> item) =>
        e.ValueKind == JsonValueKind.Null ? null : List(e, item);

    private static T Required<T>(T? value) where T : class => value ?? throw Unusual();

    private static T Required<T>(T? value) where T : struct => value ?? throw Unusual();

    private static Plan ReadPlan(JsonElement e)
    {
        int seen = 0;
        int? schemaVersion = null, baselineYear = null;
        string? id = null, version = null, title = null, issuer = null, source = null, awardFormsNote = null, quotasNote = null;
        PlanDocument? document = null;
        PlanPeriod? period = null;
        List<PlanStage>? stages = null;
        CriteriaReference? criteriaReference = null;
        List<SubjectDefinition>? subjects = null;
        List<AwardForm>? awardForms = null;
        List<Deadline>? deadlines = null;
        List<QuotaAllocation>? quotas = null;
        Dossier? dossier = null;
        List<Target>? targets = null;
        foreach (var p in Members(e))
        {
            var v = p.Value;
            switch (p.Name)
            {
                case "schemaVersion": Once(ref seen, 0); schemaVersion = Int(v); break;
                case "id": Once(ref seen, 1); id = Str(v); break;
                case "version": Once(ref seen, 2); version = Str(v); break;
                case "title": Once(ref seen, 3); title = Str(v); break;
                case "issuer": Once(ref seen, 4); issuer = Str(v); break;
                case "document": Once(ref seen, 5); document = ReadDocument(v); break;
                case "source": Once(ref seen, 6); source = Str(v); break;
                case "period": Once(ref seen, 7); period = ReadPeriod(v); break;
                case "baselineYear": Once(ref seen, 8); baselineYear = Int(v); break;
                case "stages": Once(ref seen, 9); stages = List(v, ReadStage); break;
                case "criteriaReference": Once(ref seen, 10); criteriaReference = v.ValueKind == JsonValueKind.Null ? null : ReadReference(v); break;
                case "subjects": Once(ref seen, 11); subjects = List(v, ReadSubject); break;
                case "awardForms": Once(ref seen, 12); awardForms = List(v, ReadAwardForm); break;
                case "awardFormsNote": Once(ref seen, 13); awardFormsNote = OptStr(v); break;
                case "deadlines": Once(ref seen, 14); deadlines = List(v, ReadDeadline); break;
                case "quotas": Once(ref seen, 15); quotas = List(v, ReadQuota); break;
                case "quotasNote": Once(ref seen, 16); quotasNote = OptStr(v); break;
                case "dossier": Once(ref seen, 17); dossier = ReadDossier(v); break;
                case "targets": Once(ref seen, 18); targets = List(v, ReadTarget); break;
                default: throw Unusual();
            }
        }
        return new Plan
        {
            SchemaVersion = Required(schemaVersion),
            Id = Required(id),
            Version = Required(version),
            Title = Required(title),
            Issuer = Required(issuer),
            Document = Required(document),
            Source = Required(source),
            Period = Required(period),
            BaselineYear = Required(baselineYear),
            Stages = Required(stages),
            CriteriaReference = criteriaReference,
            Subjects = Required(subjects),
            AwardForms = Required(awardForms),
            AwardFormsNote = awardFormsNote,
            Deadlines = Required(deadlines),
            Quotas = Required(quotas),
            QuotasNote = quotasNote,
            Dossier = Required(dossier),
            Targets = Required(targets),
        };
    }

    private static PlanDocument ReadDocument(JsonElement e)
    {
        int seen = 0;
        string? number = null, date = null, dateNote = null;
        List<string>? basis = null;
        foreach (var p in Members(e))
        {
            var v = p.Value;
            switch (p.Name)
            {
                case "number": Once(ref seen, 0); number = OptStr(v); break;
                case "date": Once(ref seen, 1); date = OptStr(v); break;
                case "dateNote": Once(ref seen, 2); dateNote = OptStr(v); break;
                case "basis": Once(ref seen, 3); basis = List(v, Str); break;
                default: throw Unusual();
            }
        }
        return new PlanDocument { Number = number, Date = date, DateNote = dateNote, Basis = Required(basis) };
    }

    private static PlanPeriod ReadPeriod(JsonElement e)
    {
        int seen = 0;
        int? from = null, to = null;
        foreach (var p in Members(e))
        {
            switch (p.Name)
            {
                case "from": Once(ref seen, 0); from = Int(p.Value); break;
                case "to": Once(ref seen, 1); to = Int(p.Value); break;
                default: throw Unusual();
            }
        }
        return new PlanPeriod { From = Required(from), To = Required(to) };
    }

    private static PlanStage ReadStage(JsonElement e)
    {
        int seen = 0;
        StageKind? kind = null;
        int? year = null;
        string? clause = null, text = null;
        foreach (var p in Members(e))
        {
            var v = p.Value;
            switch (p.Name)
            {
                case "kind": Once(ref seen, 0); kind = ReadStageKind(v); break;
                case "year": Once(ref seen, 1); year = OptInt(v); break;
                case "clause": Once(ref seen, 2); clause = Str(v); break;
                case "text": Once(ref seen, 3); text = Str(v); break;
                default: throw Unusual();
            }
        }
        return new PlanStage { Kind = Required(kind), Year = year, Clause = Required(clause), Text = Required(text) };
    }

    private static CriteriaReference ReadReference(JsonElement e)
    {
        int seen = 0;
        string? document = null, clause = null, text = null, note = null;
        foreach (var p in Members(e))
        {
            var v = p.Value;
            switch (p.Name)
            {
                case "document": Once(ref seen, 0); document = Str(v); break;
                case "clause": Once(ref seen, 1); clause = Str(v); break;
                case "text": Once(ref seen, 2); text = OptStr(v); break;
                case "note": Once(ref seen, 3); note = OptStr(v); break;
                default: throw Unusual();
            }
        }
        return new CriteriaReference { Document = Required(document), Clause = Required(clause), Text = text, Note = note };
    }

    private static SubjectDefinition ReadSubject(JsonElement e)
    {
        int seen = 0;
        List<SubjectKind>? kinds = null;
        string? clause = null, title = null;
        List<SubjectCategory>? categories = null;
        var combine = CriteriaCombination.AllOf;
        List<CriterionDefinition>? criteria = null;
        foreach (var p in Members(e))
        {
            var v = p.Value;
            switch (p.Name)
            {
                case "kinds": Once(ref seen, 0); kinds = List(v, ReadSubjectKind); break;
                case "clause": Once(ref seen, 1); clause = Str(v); break;
                case "title": Once(ref seen, 2); title = Str(v); break;
                case "categories": Once(ref seen, 3); categories = OptList(v, ReadCategory); break;
                case "combine": Once(ref seen, 4); combine = ReadCombination(v); break;
                case "criteria": Once(ref seen, 5); criteria = List(v, ReadCriterion); break;
                default: throw Unusual();
            }
        }
        return new SubjectDefinition
        {
            Kinds = Required(kinds),
            Clause = Required(clause),
            Title = Required(title),
            Categories = categories,
            Combine = combine,
            Criteria = Required(criteria),
        };
    }

    private static SubjectCategory ReadCategory(JsonElement e)
    {
        int seen = 0;
        string? id = null, title = null;
        TagCondition? when = null;
        foreach (var p in Members(e))
        {
            var v = p.Value;
            switch (p.Name)
            {
                case "id": Once(ref seen, 0); id = Str(v); break;
                case "title": Once(ref seen, 1); title = Str(v); break;
                case "when": Once(ref seen, 2); when = ReadTagCondition(v); break;
                default: throw Unusual();
            }
        }
        return new SubjectCategory { Id = Required(id), Title = Required(title), When = Required(when) };
    }

    private static TagCondition ReadTagCondition(JsonElement e)
    {
        int seen = 0;
        List<SubjectTags>? all = null, any = null, none = null;
        foreach (var p in Members(e))
        {
            var v = p.Value;
            switch (p.Name)
            {
                case "allTags": Once(ref seen, 0); all = OptList(v, ReadTag); break;
                case "anyTags": Once(ref seen, 1); any = OptList(v, ReadTag); break;
                case "noneTags": Once(ref seen, 2); none = OptList(v, ReadTag); break;
                default: throw Unusual();
            }
        }
        return new TagCondition { AllTags = all, AnyTags = any, NoneTags = none };
    }

    private static CriterionDefinition ReadCriterion(JsonElement e)
    {
        int seen = 0;
        string? id = null, clause = null, text = null, lead = null;
        List<string>? categories = null;
        CriteriaReference? reference = null;
        RuleDefinition? rule = null;
        foreach (var p in Members(e))
        {
            var v = p.Value;
            switch (p.Name)
            {
                case "id": Once(ref seen, 0); id = Str(v); break;
                case "clause": Once(ref seen, 1); clause = Str(v); break;
                case "text": Once(ref seen, 2); text = Str(v); break;
                case "lead": Once(ref seen, 3); lead = OptStr(v); break;
                case "categories": Once(ref seen, 4); categories = OptList(v, Str); break;
                case "reference": Once(ref seen, 5); reference = v.ValueKind == JsonValueKind.Null ? null : ReadReference(v); break;
                case "rule": Once(ref seen, 6); rule = ReadRule(v); break;
                default: throw Unusual();
            }
        }
        return new CriterionDefinition
        {
            Id = Required(id),
            Clause = Required(clause),
            Text = Required(text),
            Lead = lead,
            Categories = categories,
            Reference = reference,
            Rule = Required(rule),
        };
    }

    private static RuleDefinition ReadRule(JsonElement e)
    {
        int seen = 0;
        RuleType? type = null;
        Measure? measure = null;
        decimal? minPoints = null, moreThanPercent = null, belowPercent = null, value = null;
        int? years = null, afterYears = null, asOfYear = null, byYear = null;
        FactName? fact = null;
        Comparison? comparison = null;
        string? note = null;
        bool? withinPeriod = null;
        List<RuleDefinition>? rules = null;
        foreach (var p in Members(e))
        {
            var v = p.Value;
            switch (p.Name)
            {
                case "type": Once(ref seen, 0); type = ReadRuleType(v); break;
                case "measure": Once(ref seen, 1); measure = v.ValueKind == JsonValueKind.Null ? null : ReadMeasure(v); break;
                case "minPoints": Once(ref seen, 2); minPoints = OptDec(v); break;
                case "years": Once(ref seen, 3); years = OptInt(v); break;
                case "moreThanPercent": Once(ref seen, 4); moreThanPercent = OptDec(v); break;
                case "belowPercent": Once(ref seen, 5); belowPercent = OptDec(v); break;
                case "afterYears": Once(ref seen, 6); afterYears = OptInt(v); break;
                case "fact": Once(ref seen, 7); fact = v.ValueKind == JsonValueKind.Null ? null : ReadFactName(v); break;
                case "comparison": Once(ref seen, 8); comparison = v.ValueKind == JsonValueKind.Null ? null : ReadComparison(v); break;
                case "value": Once(ref seen, 9); value = OptDec(v); break;
                case "asOfYear": Once(ref seen, 10); asOfYear = OptInt(v); break;
                case "note": Once(ref seen, 11); note = OptStr(v); break;
                case "rules": Once(ref seen, 12); rules = OptList(v, ReadRule); break;
                case "withinPeriod": Once(ref seen, 13); withinPeriod = OptBool(v); break;
                case "byYear": Once(ref seen, 14); byYear = OptInt(v); break;
                default: throw Unusual();
            }
        }
        return new RuleDefinition
        {
            Type = Required(type),
            Measure = measure,
            MinPoints = minPoints,
            Years = years,
            MoreThanPercent = moreThanPercent,
            BelowPercent = belowPercent,
            AfterYears = afterYears,
            Fact = fact,
            Comparison = comparison,
            Value = value,
            AsOfYear = asOfYear,
            WithinPeriod = withinPeriod,
            ByYear = byYear,
            Note = note,
            Rules = rules,
        };
    }

    private static AwardForm ReadAwardForm(JsonElement e)
    {
        int seen = 0;
        string? id = null, name = null, decidedBy = null, clause = null, text = null;
        AwardLevel? level = null;
        foreach (var p in Members(e))
        {
            var v = p.Value;
            switch (p.Name)
            {
                case "id": Once(ref seen, 0); id = Str(v); break;
                case "name": Once(ref seen, 1); name = Str(v); break;
                case "level": Once(ref seen, 2); level = ReadAwardLevel(v); break;
                case "decidedBy": Once(ref seen, 3); decidedBy = Str(v); break;
                case "clause": Once(ref seen, 4); clause = Str(v); break;
                case "text": Once(ref seen, 5); text = Str(v); break;
                default: throw Unusual();
            }
        }
        return new AwardForm
        {
            Id = Required(id),
            Name = Required(name),
            Level = Required(level),
            DecidedBy = Required(decidedBy),
            Clause = Required(clause),
            Text = Required(text),
        };
    }

    private static Deadline ReadDeadline(JsonElement e)
    {
        int seen = 0;
        string? id = null, clause = null, date = null, annual = null, from = null, to = null, text = null;
        foreach (var p in Members(e))
        {
            var v = p.Value;
            switch (p.Name)
            {
                case "id": Once(ref seen, 0); id = Str(v); break;
                case "clause": Once(ref seen, 1); clause = Str(v); break;
                case "date": Once(ref seen, 2); date = OptStr(v); break;
                case "annual": Once(ref seen, 3); annual = OptStr(v); break;
                case "from": Once(ref seen, 4); from = Str(v); break;
                case "to": Once(ref seen, 5); to = Str(v); break;
                case "text": Once(ref seen, 6); text = Str(v); break;
                default: throw Unusual();
            }
        }
        return new Deadline
        {
            Id = Required(id),
            Clause = Required(clause),
            Date = date,
            Annual = annual,
            From = Required(from),
            To = Required(to),
            Text = Required(text),
        };
    }

    private static QuotaAllocation ReadQuota(JsonElement e)
    {
        int seen = 0;
        string? awardForm = null, nominator = null, clause = null;
        List<QuotaItem>? items = null;
        foreach (var p in Members(e))
        {
            var v = p.Value;
            switch (p.Name)
            {
                case "awardForm": Once(ref seen, 0); awardForm = Str(v); break;
                case "nominator": Once(ref seen, 1); nominator = Str(v); break;
                case "clause": Once(ref seen, 2); clause = Str(v); break;
                case "items": Once(ref seen, 3); items = List(v, ReadQuotaItem); break;
                default: throw Unusual();
            }
        }
        return new QuotaAllocation { AwardForm = Required(awardForm), Nominator = Required(nominator), Clause = Required(clause), Items = Required(items) };
    }

    private static QuotaItem ReadQuotaItem(JsonElement e)
    {
        int seen = 0;
        SubjectKind? subjectKind = null;
        int? count = null;
        string? text = null, note = null;
        List<QuotaOverride>? exceptions = null;
        foreach (var p in Members(e))
        {
            var v = p.Value;
            switch (p.Name)
            {
                case "subjectKind": Once(ref seen, 0); subjectKind = ReadSubjectKind(v); break;
                case "count": Once(ref seen, 1); count = OptInt(v); break;
                case "text": Once(ref seen, 2); text = Str(v); break;
                case "exceptions": Once(ref seen, 3); exceptions = OptList(v, ReadQuotaOverride); break;
                case "note": Once(ref seen, 4); note = OptStr(v); break;
                default: throw Unusual();
            }
        }
        return new QuotaItem { SubjectKind = Required(subjectKind), Count = count, Text = Required(text), Exceptions = exceptions, Note = note };
    }

    private static QuotaOverride ReadQuotaOverride(JsonElement e)
    {
        int seen = 0;
        string? nominator = null;
        int? count = null;
        foreach (var p in Members(e))
        {
            switch (p.Name)
            {
                case "nominator": Once(ref seen, 0); nominator = Str(p.Value); break;
                case "count": Once(ref seen, 1); count = Int(p.Value); break;
                default: throw Unusual();
            }
        }
        return new QuotaOverride { Nominator = Required(nominator), Count = Required(count) };
    }

    private static Dossier ReadDossier(JsonElement e)
    {
        int seen = 0;
        string? clause = null, text = null;
        List<DossierComponent>? components = null;
        List<DossierCopies>? copies = null;
        foreach (var p in Members(e))
        {
            var v = p.Value;
            switch (p.Name)
            {
                case "clause": Once(ref seen, 0); clause = Str(v); break;
                case "text": Once(ref seen, 1); text = Str(v); break;
                case "components": Once(ref seen, 2); components = List(v, ReadComponent); break;
                case "copies": Once(ref seen, 3); copies = List(v, ReadCopies); break;
                default: throw Unusual();
            }
        }
        return new Dossier { Clause = Required(clause), Text = Required(text), Components = Required(components), Copies = Required(copies) };
    }

    private static DossierComponent ReadComponent(JsonElement e)
    {
        int seen = 0;
        string? id = null, text = null, template = null;
        foreach (var p in Members(e))
        {
            var v = p.Value;
            switch (p.Name)
            {
                case "id": Once(ref seen, 0); id = Str(v); break;
                case "text": Once(ref seen, 1); text = Str(v); break;
                case "template": Once(ref seen, 2); template = OptStr(v); break;
                default: throw Unusual();
            }
        }
        return new DossierComponent { Id = Required(id), Text = Required(text), Template = template };
    }

    private static DossierCopies ReadCopies(JsonElement e)
    {
        int seen = 0;
        string? awardForm = null, text = null;
        int? count = null;
        bool? original = null;
        foreach (var p in Members(e))
        {
            var v = p.Value;
            switch (p.Name)
            {
                case "awardForm": Once(ref seen, 0); awardForm = Str(v); break;
                case "count": Once(ref seen, 1); count = Int(v); break;
                case "original": Once(ref seen, 2); original = OptBool(v); break;
                case "text": Once(ref seen, 3); text = Str(v); break;
                default: throw Unusual();
            }
        }
        return new DossierCopies { AwardForm = Required(awardForm), Count = Required(count), Original = original, Text = Required(text) };
    }

    private static Target ReadTarget(JsonElement e)
    {
        int seen = 0;
        string? id = null, clause = null, text = null, scope = null;
        TargetMeasure? measure = null;
        TargetUnit? unit = null;
        decimal? min = null, max = null;
        bool? minExclusive = null;
        int? fromYear = null, toYear = null;
        foreach (var p in Members(e))
        {
            var v = p.Value;
            switch (p.Name)
            {
                case "id": Once(ref seen, 0); id = Str(v); break;
                case "clause": Once(ref seen, 1); clause = Str(v); break;
                case "text": Once(ref seen, 2); text = Str(v); break;
                case "measure": Once(ref seen, 3); measure = ReadTargetMeasure(v); break;
                case "scope": Once(ref seen, 4); scope = Str(v); break;
                case "unit": Once(ref seen, 5); unit = v.ValueKind == JsonValueKind.Null ? null : ReadTargetUnit(v); break;
                case "min": Once(ref seen, 6); min = OptDec(v); break;
                case "minExclusive": Once(ref seen, 7); minExclusive = OptBool(v); break;
                case "max": Once(ref seen, 8); max = OptDec(v); break;
                case "fromYear": Once(ref seen, 9); fromYear = OptInt(v); break;
                case "toYear": Once(ref seen, 10); toYear = OptInt(v); break;
                default: throw Unusual();
            }
        }
        return new Target
        {
            Id = Required(id),
            Clause = Required(clause),
            Text = Required(text),
            Measure = Required(measure),
            Scope = Required(scope),
            Unit = unit,
            Min = min,
            MinExclusive = minExclusive,
            Max = max,
            FromYear = fromYear,
            ToYear = toYear,
        };
    }

    // Enums by their contract words only ([JsonStringEnumMemberName] in PlanEnums.cs); the serializer also takes
    // numbers and other spellings, which the fallback handles.
    private static SubjectKind ReadSubjectKind(JsonElement e) => Str(e) switch
    {
        "agency" => SubjectKind.Agency,
        "district" => SubjectKind.District,
        "commune" => SubjectKind.Commune,
        "village" => SubjectKind.Village,
        "household" => SubjectKind.Household,
        "official" => SubjectKind.Official,
        "enterprise" => SubjectKind.Enterprise,
        "collective" => SubjectKind.Collective,
        "individual" => SubjectKind.Individual,
        _ => throw Unusual(),
    };

    private static SubjectTags ReadTag(JsonElement e) => Str(e) switch
    {
        "poor-district" => SubjectTags.PoorDistrict,
        "poor-commune" => SubjectTags.PoorCommune,
        "region-1" => SubjectTags.Region1,
        "region-2" => SubjectTags.Region2,
        "region-3" => SubjectTags.Region3,
        "newly-escaped" => SubjectTags.NewlyEscaped,
        "supporter" => SubjectTags.Supporter,
        _ => throw Unusual(),
    };

    private static StageKind ReadStageKind(JsonElement e) => Str(e) switch
    {
        "launch" => StageKind.Launch,
        "annual" => StageKind.Annual,
        "mid-term" => StageKind.MidTerm,
        "final" => StageKind.Final,
        _ => throw Unusual(),
    };

    private static AwardLevel ReadAwardLevel(JsonElement e) => Str(e) switch
    {
        "national" => AwardLevel.National,
        "province" => AwardLevel.Province,
        "district" => AwardLevel.District,
        "department" => AwardLevel.Department,
        "institution" => AwardLevel.Institution,
        "agency-head" => AwardLevel.AgencyHead,
        _ => throw Unusual(),
    };

    private static TargetMeasure ReadTargetMeasure(JsonElement e) => Str(e) switch
    {
        "poor-rate" => TargetMeasure.PoorRate,
        "minority-poor-rate" => TargetMeasure.MinorityPoorRate,
        "poor-district-exit" => TargetMeasure.PoorDistrictExit,
        "houses-built" => TargetMeasure.HousesBuilt,
        _ => throw Unusual(),
    };

    private static TargetUnit ReadTargetUnit(JsonElement e) => Str(e) switch
    {
        "points-per-year" => TargetUnit.PointsPerYear,
        "houses-per-year" => TargetUnit.HousesPerYear,
        _ => throw Unusual(),
    };

    private static RuleType ReadRuleType(JsonElement e) => Str(e) switch
    {
        "yearly-rate-fall" => RuleType.YearlyRateFall,
        "reduction-vs-baseline" => RuleType.ReductionVsBaseline,
        "end-state-rate" => RuleType.EndStateRate,
        "fact" => RuleType.Fact,
        "judgement" => RuleType.Judgement,
        "all-of" => RuleType.AllOf,
        "any-of" => RuleType.AnyOf,
        _ => throw Unusual(),
    };

    private static Measure ReadMeasure(JsonElement e) => Str(e) switch
    {
        "poor-rate" => Measure.PoorRate,
        "poor-and-near-poor-rate" => Measure.PoorAndNearPoorRate,
        "poor-and-near-poor-count" => Measure.PoorAndNearPoorCount,
        _ => throw Unusual(),
    };

    private static FactName ReadFactName(JsonElement e) => Str(e) switch
    {
        "policy-households-poor" => FactName.PolicyHouseholdsPoor,
        "years-since-escaped-poverty" => FactName.YearsSinceEscapedPoverty,
        "consecutive-years-in-poverty-work" => FactName.ConsecutiveYearsInPovertyWork,
        "contribution" => FactName.Contribution,
        _ => throw Unusual(),
    };

    private static Comparison ReadComparison(JsonElement e) => Str(e) switch
    {
        "at-most" => Comparison.AtMost,
        "at-least" => Comparison.AtLeast,
        "greater-than" => Comparison.GreaterThan,
        "less-than" => Comparison.LessThan,
        _ => throw Unusual(),
    };

    private static CriteriaCombination ReadCombination(JsonElement e) => Str(e) switch
    {
        "all-of" => CriteriaCombination.AllOf,
        "any-of" => CriteriaCombination.AnyOf,
        _ => throw Unusual(),
    };
}
