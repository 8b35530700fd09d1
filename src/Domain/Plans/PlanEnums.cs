using System.Text.Json.Serialization;

namespace NoOneLeftBehind.Domain.Plans;

/// <summary>Who is evaluated (đối tượng thi đua). The JSON names are the public contract's words.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SubjectKind>))]
public enum SubjectKind
{
    /// <summary>Sở, ban, ngành, MTTQ, tổ chức chính trị – xã hội, NHCSXH.</summary>
    [JsonStringEnumMemberName("agency")] Agency,
    /// <summary>Huyện, thị xã, thành phố.</summary>
    [JsonStringEnumMemberName("district")] District,
    /// <summary>Xã, phường, thị trấn.</summary>
    [JsonStringEnumMemberName("commune")] Commune,
    /// <summary>Thôn, làng, bản, tổ dân phố.</summary>
    [JsonStringEnumMemberName("village")] Village,
    /// <summary>Hộ gia đình.</summary>
    [JsonStringEnumMemberName("household")] Household,
    /// <summary>Cán bộ, công chức, viên chức, người làm công tác giảm nghèo.</summary>
    [JsonStringEnumMemberName("official")] Official,
    /// <summary>Doanh nghiệp, hợp tác xã, tổ chức tín dụng.</summary>
    [JsonStringEnumMemberName("enterprise")] Enterprise,
    /// <summary>Tập thể (e.g. a department inside an institution or an agency).</summary>
    [JsonStringEnumMemberName("collective")] Collective,
    /// <summary>Cá nhân.</summary>
    [JsonStringEnumMemberName("individual")] Individual,
}

/// <summary>Tags that put a subject into a plan's category (contract words in brackets).</summary>
[Flags]
[JsonConverter(typeof(JsonStringEnumConverter<SubjectTags>))]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1714:Flags enums should have plural names", Justification = "Plural already.")]
public enum SubjectTags
{
    /// <summary>No tag.</summary>
    None = 0,
    /// <summary>Huyện nghèo (<c>poor-district</c>).</summary>
    [JsonStringEnumMemberName("poor-district")] PoorDistrict = 1,
    /// <summary>Xã nghèo (<c>poor-commune</c>).</summary>
    [JsonStringEnumMemberName("poor-commune")] PoorCommune = 2,
    /// <summary>Xã khu vực I (<c>region-1</c>).</summary>
    [JsonStringEnumMemberName("region-1")] Region1 = 4,
    /// <summary>Xã khu vực II (<c>region-2</c>).</summary>
    [JsonStringEnumMemberName("region-2")] Region2 = 8,
    /// <summary>Xã khu vực III (<c>region-3</c>).</summary>
    [JsonStringEnumMemberName("region-3")] Region3 = 16,
    /// <summary>Hộ mới thoát nghèo (<c>newly-escaped</c>).</summary>
    [JsonStringEnumMemberName("newly-escaped")] NewlyEscaped = 32,
    /// <summary>
    /// Nominated for its support of the movement: builds houses, helps poor households, gives to the "Vì người nghèo"
    /// fund (<c>supporter</c>; Tuyên Quang III.2.1).
    /// </summary>
    [JsonStringEnumMemberName("supporter")] Supporter = 64,

    /// <summary>Ngân hàng, e.g. a Phòng giao dịch Ngân hàng Chính sách xã hội (<c>bank</c>).</summary>
    [JsonStringEnumMemberName("bank")] Bank = 128,
    /// <summary>Tổ chức tín dụng (<c>credit-institution</c>).</summary>
    [JsonStringEnumMemberName("credit-institution")] CreditInstitution = 256,
}

/// <summary>Stage of the movement in which nominations are made.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<StageKind>))]
public enum StageKind
{
    /// <summary>Phát động.</summary>
    [JsonStringEnumMemberName("launch")] Launch,
    /// <summary>Khen thưởng hằng năm.</summary>
    [JsonStringEnumMemberName("annual")] Annual,
    /// <summary>Sơ kết.</summary>
    [JsonStringEnumMemberName("mid-term")] MidTerm,
    /// <summary>Tổng kết.</summary>
    [JsonStringEnumMemberName("final")] Final,
}

/// <summary>The level that decides an award form.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AwardLevel>))]
public enum AwardLevel
{
    /// <summary>Chủ tịch nước, Thủ tướng Chính phủ.</summary>
    [JsonStringEnumMemberName("national")] National,
    /// <summary>Chủ tịch UBND tỉnh.</summary>
    [JsonStringEnumMemberName("province")] Province,
    /// <summary>Chủ tịch UBND huyện.</summary>
    [JsonStringEnumMemberName("district")] District,
    /// <summary>Giám đốc Sở.</summary>
    [JsonStringEnumMemberName("department")] Department,
    /// <summary>Head of an institution (Hiệu trưởng).</summary>
    [JsonStringEnumMemberName("institution")] Institution,
    /// <summary>The head of the agency or locality, by their own authority (Giấy khen).</summary>
    [JsonStringEnumMemberName("agency-head")] AgencyHead,
}

/// <summary>What a dashboard target measures.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TargetMeasure>))]
public enum TargetMeasure
{
    /// <summary>Poor-household rate.</summary>
    [JsonStringEnumMemberName("poor-rate")] PoorRate,
    /// <summary>Poor-household rate among ethnic-minority households.</summary>
    [JsonStringEnumMemberName("minority-poor-rate")] MinorityPoorRate,
    /// <summary>A poor district leaves the list of poor districts.</summary>
    [JsonStringEnumMemberName("poor-district-exit")] PoorDistrictExit,
    /// <summary>Houses built for poor households.</summary>
    [JsonStringEnumMemberName("houses-built")] HousesBuilt,
}

/// <summary>Unit of a dashboard target.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TargetUnit>))]
public enum TargetUnit
{
    /// <summary>Percentage points of fall per year.</summary>
    [JsonStringEnumMemberName("points-per-year")] PointsPerYear,
    /// <summary>Houses per year.</summary>
    [JsonStringEnumMemberName("houses-per-year")] HousesPerYear,
}

/// <summary>What a statistical rule measures from the yearly review figures.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Measure>))]
public enum Measure
{
    /// <summary>Poor households ÷ households × 100 (the reading of "tỷ lệ nghèo đa chiều").</summary>
    [JsonStringEnumMemberName("poor-rate")] PoorRate,
    /// <summary>(Poor + near-poor households) ÷ households × 100.</summary>
    [JsonStringEnumMemberName("poor-and-near-poor-rate")] PoorAndNearPoorRate,
    /// <summary>Poor + near-poor households (quy mô hộ nghèo và hộ cận nghèo).</summary>
    [JsonStringEnumMemberName("poor-and-near-poor-count")] PoorAndNearPoorCount,
}

/// <summary>Facts a request may supply.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FactName>))]
public enum FactName
{
    /// <summary>Policy / meritorious-people households still poor at the end of the window.</summary>
    [JsonStringEnumMemberName("policy-households-poor")] PolicyHouseholdsPoor,
    /// <summary>Nomination year minus the year the household escaped poverty.</summary>
    [JsonStringEnumMemberName("years-since-escaped-poverty")] YearsSinceEscapedPoverty,
    /// <summary>Consecutive years an official worked directly in poverty reduction.</summary>
    [JsonStringEnumMemberName("consecutive-years-in-poverty-work")] ConsecutiveYearsInPovertyWork,
    /// <summary>Money contributed (VND).</summary>
    [JsonStringEnumMemberName("contribution")] Contribution,
}

/// <summary>How a fact is compared with a value.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Comparison>))]
public enum Comparison
{
    /// <summary>fact ≤ value.</summary>
    [JsonStringEnumMemberName("at-most")] AtMost,
    /// <summary>fact ≥ value.</summary>
    [JsonStringEnumMemberName("at-least")] AtLeast,
    /// <summary>fact &gt; value.</summary>
    [JsonStringEnumMemberName("greater-than")] GreaterThan,
    /// <summary>fact &lt; value.</summary>
    [JsonStringEnumMemberName("less-than")] LessThan,
}

/// <summary>Whether the machine can decide a criterion.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CriterionKind>))]
public enum CriterionKind
{
    /// <summary>Decided from figures or facts (possibly with a judgement part).</summary>
    [JsonStringEnumMemberName("numeric")] Numeric,
    /// <summary>Decided by a reviewer.</summary>
    [JsonStringEnumMemberName("judgement")] Judgement,
}

/// <summary>How the criteria of a subject combine.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CriteriaCombination>))]
public enum CriteriaCombination
{
    /// <summary>Every criterion must be met.</summary>
    [JsonStringEnumMemberName("all-of")] AllOf,
    /// <summary>One criterion is enough.</summary>
    [JsonStringEnumMemberName("any-of")] AnyOf,
}

/// <summary>
/// Which values of the plan enums are defined: the same answers as <c>Enum.IsDefined</c>, without its reflection
/// on first use (milliseconds per enum type at start-up, issue #3). Keep each check in step with its enum above.
/// </summary>
internal static class PlanEnumValues
{
    public static bool IsDefined(SubjectKind value) => value is >= SubjectKind.Agency and <= SubjectKind.Individual;

    /// <summary>One defined tag (not <see cref="SubjectTags.None"/>, not a combination).</summary>
    public static bool IsSingleTag(SubjectTags value) => value is SubjectTags.PoorDistrict or SubjectTags.PoorCommune
        or SubjectTags.Region1 or SubjectTags.Region2 or SubjectTags.Region3 or SubjectTags.NewlyEscaped or SubjectTags.Supporter
        or SubjectTags.Bank or SubjectTags.CreditInstitution;

    public static bool IsDefined(StageKind value) => value is >= StageKind.Launch and <= StageKind.Final;

    public static bool IsDefined(AwardLevel value) => value is >= AwardLevel.National and <= AwardLevel.AgencyHead;

    public static bool IsDefined(TargetMeasure value) => value is >= TargetMeasure.PoorRate and <= TargetMeasure.HousesBuilt;

    public static bool IsDefined(TargetUnit value) => value is TargetUnit.PointsPerYear or TargetUnit.HousesPerYear;

    public static bool IsDefined(Measure value) => value is >= Measure.PoorRate and <= Measure.PoorAndNearPoorCount;

    public static bool IsDefined(FactName value) => value is >= FactName.PolicyHouseholdsPoor and <= FactName.Contribution;

    public static bool IsDefined(Comparison value) => value is >= Comparison.AtMost and <= Comparison.LessThan;

    public static bool IsDefined(CriteriaCombination value) => value is CriteriaCombination.AllOf or CriteriaCombination.AnyOf;
}
