namespace NoOneLeftBehind.Domain.Statistics.Import;

/// <summary>The columns of a review-result file.</summary>
public enum ReviewColumn
{
    /// <summary>Mã đơn vị: the official unit code (text, leading zeros kept).</summary>
    UnitCode,

    /// <summary>Tên đơn vị: the unit's name, for the reader only (not checked).</summary>
    UnitName,

    /// <summary>Năm: the review year.</summary>
    Year,

    /// <summary>Tổng số hộ: all resident households.</summary>
    Households,

    /// <summary>Số hộ nghèo: poor households.</summary>
    Poor,

    /// <summary>Số hộ cận nghèo: near-poor households.</summary>
    NearPoor,

    /// <summary>Số hộ DTTS: ethnic-minority households (optional).</summary>
    MinorityHouseholds,

    /// <summary>Số hộ nghèo DTTS: ethnic-minority poor households (optional).</summary>
    MinorityPoor,

    /// <summary>Số hộ cận nghèo DTTS: ethnic-minority near-poor households (optional).</summary>
    MinorityNearPoor,
}

/// <summary>How a column is written in the template and recognised in a file.</summary>
/// <param name="Column">The column.</param>
/// <param name="Header">The Vietnamese header of the template.</param>
/// <param name="Key">The English key, also accepted as a header.</param>
/// <param name="Required">Whether every file must have the column.</param>
/// <param name="HelpVi">What to enter, in Vietnamese (template instructions).</param>
/// <param name="HelpEn">What to enter, in English.</param>
public sealed record ReviewColumnSpec(ReviewColumn Column, string Header, string Key, bool Required, string HelpVi, string HelpEn);

/// <summary>The layout of review-result files (CSV and XLSX), shared by the template and the validator.</summary>
public static class ReviewColumns
{
    /// <summary>The columns in template order.</summary>
    public static IReadOnlyList<ReviewColumnSpec> All { get; } =
    [
        new(ReviewColumn.UnitCode, "Mã đơn vị", "unit_code", true,
            "Mã đơn vị hành chính theo danh mục của Cục Thống kê (tỉnh 2 chữ số, huyện 3, xã 5); nhập dạng văn bản, giữ số 0 ở đầu.",
            "Official unit code (province 2 digits, district 3, commune 5), as text with its leading zeros."),
        new(ReviewColumn.UnitName, "Tên đơn vị", "unit_name", false,
            "Tên đơn vị, chỉ để đối chiếu (không bắt buộc).",
            "Unit name, for reference only (optional)."),
        new(ReviewColumn.Year, "Năm", "year", true,
            "Năm rà soát (kết quả cuối năm), ví dụ 2024.",
            "Review year (end-of-year result), e.g. 2024."),
        new(ReviewColumn.Households, "Tổng số hộ", "households", true,
            "Tổng số hộ dân cư trên địa bàn (số nguyên > 0).",
            "All resident households (whole number > 0)."),
        new(ReviewColumn.Poor, "Số hộ nghèo", "poor", true,
            "Số hộ nghèo (số nguyên ≥ 0).",
            "Poor households (whole number ≥ 0)."),
        new(ReviewColumn.NearPoor, "Số hộ cận nghèo", "near_poor", true,
            "Số hộ cận nghèo (số nguyên ≥ 0); hộ nghèo + hộ cận nghèo không vượt quá tổng số hộ.",
            "Near-poor households (whole number ≥ 0); poor + near-poor may not exceed households."),
        new(ReviewColumn.MinorityHouseholds, "Số hộ DTTS", "minority_households", false,
            "Số hộ dân tộc thiểu số (không bắt buộc; nếu nhập thì nhập đủ 3 cột DTTS).",
            "Ethnic-minority households (optional; if given, give all three minority columns)."),
        new(ReviewColumn.MinorityPoor, "Số hộ nghèo DTTS", "minority_poor", false,
            "Số hộ nghèo là hộ dân tộc thiểu số.",
            "Ethnic-minority poor households."),
        new(ReviewColumn.MinorityNearPoor, "Số hộ cận nghèo DTTS", "minority_near_poor", false,
            "Số hộ cận nghèo là hộ dân tộc thiểu số.",
            "Ethnic-minority near-poor households."),
    ];

    /// <summary>The spec of <paramref name="column"/>.</summary>
    /// <param name="column">The column.</param>
    /// <returns>Its spec.</returns>
    public static ReviewColumnSpec Spec(ReviewColumn column) => All[(int)column];

    /// <summary>Recognises a header cell: the Vietnamese header or the English key, ignoring case and extra spaces.</summary>
    /// <param name="header">The header text.</param>
    /// <param name="column">The column when recognised.</param>
    /// <returns><see langword="true"/> when the header names a column.</returns>
    public static bool TryMatch(string? header, out ReviewColumn column)
    {
        var normalized = Normalize(header);
        foreach (var spec in All)
        {
            if (string.Equals(normalized, Normalize(spec.Header), StringComparison.OrdinalIgnoreCase)
                || string.Equals(normalized, spec.Key, StringComparison.OrdinalIgnoreCase))
            {
                column = spec.Column;
                return true;
            }
        }

        column = default;
        return false;
    }

    private static string Normalize(string? text) =>
        string.Join(' ', (text ?? string.Empty).Normalize(System.Text.NormalizationForm.FormC)
            .Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
