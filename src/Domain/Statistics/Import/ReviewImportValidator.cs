using System.Globalization;
using NoOneLeftBehind.Domain.Units;

namespace NoOneLeftBehind.Domain.Statistics.Import;

/// <summary>
/// Validates a review-result table read from CSV or XLSX against the unit registry and turns it into
/// a <see cref="ReviewBatch"/>. Every problem is reported (not only the first), each with its file,
/// sheet, row, column and reason in Vietnamese and English. A file with any problem gives no batch.
/// </summary>
/// <param name="registry">The unit registry the codes are checked against.</param>
public sealed class ReviewImportValidator(UnitRegistry registry)
{
    /// <summary>The first review year accepted.</summary>
    public const int MinYear = 2000;

    /// <summary>The last review year accepted.</summary>
    public const int MaxYear = 2100;

    private static readonly CultureInfo Vi = CultureInfo.GetCultureInfo("vi-VN");

    /// <summary>Validates <paramref name="table"/>.</summary>
    /// <param name="table">The table as read from the file.</param>
    /// <returns>The batch, or the problems.</returns>
    public ReviewImportResult Validate(RawReviewTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var problems = new List<ImportProblem>();
        var report = new Reporter(table, problems);
        if (table.Header is null || table.Header.IsBlank)
        {
            report.File(ImportProblemKind.EmptyFile, "Tệp rỗng: không có dòng tiêu đề.", "The file is empty: there is no header row.");
            return new ReviewImportResult(null, problems);
        }

        var columns = ReadHeader(table.Header, report);
        if (problems.Count > 0)
            return new ReviewImportResult(null, problems);
        var dataRows = table.Rows.Where(r => !r.IsBlank).ToList();
        if (dataRows.Count == 0)
        {
            report.File(ImportProblemKind.EmptyFile, "Tệp không có dòng số liệu nào dưới dòng tiêu đề.", "The file has no data rows below the header.");
            return new ReviewImportResult(null, problems);
        }

        var accepted = new List<ReviewBatchRow>(dataRows.Count);
        var firstRowOf = new Dictionary<(UnitCode, int), int>(dataRows.Count);
        foreach (var row in dataRows)
        {
            if (ReadRow(row, columns, report, firstRowOf) is { } figures)
                accepted.Add(new ReviewBatchRow(row.Number, figures));
        }

        CheckNoAncestorGiven(accepted, columns, report, firstRowOf);
        if (problems.Count > 0)
        {
            problems.Sort((a, b) => (a.Row ?? 0).CompareTo(b.Row ?? 0) is var byRow and not 0 ? byRow : (a.Column ?? 0).CompareTo(b.Column ?? 0));
            return new ReviewImportResult(null, problems);
        }

        return new ReviewImportResult(new ReviewBatch(table.FileName, table.Sheet, table.ContentHash, [.. accepted]), []);
    }

    private static Dictionary<ReviewColumn, int> ReadHeader(RawRow header, Reporter report)
    {
        var columns = new Dictionary<ReviewColumn, int>();
        for (var i = 0; i < header.Cells.Count; i++)
        {
            var text = header.Cells[i].Text?.Trim();
            if (string.IsNullOrEmpty(text))
                continue;
            if (!ReviewColumns.TryMatch(text, out var column))
            {
                var shown = ImportProblem.Quote(text);
                report.Header(i, shown, ImportProblemKind.WrongHeader,
                    $"Tiêu đề cột không đúng mẫu: \"{shown}\". Các cột hợp lệ: {string.Join(", ", ReviewColumns.All.Select(c => c.Header))}.",
                    $"Unknown column header \"{shown}\". Valid columns: {string.Join(", ", ReviewColumns.All.Select(c => $"{c.Header} ({c.Key})"))}.");
            }
            else if (!columns.TryAdd(column, i))
            {
                report.Header(i, text, ImportProblemKind.WrongHeader,
                    $"Cột \"{ReviewColumns.Spec(column).Header}\" xuất hiện hai lần (cột {ImportProblem.Letters(columns[column] + 1)} và cột {ImportProblem.Letters(i + 1)}).",
                    $"Column \"{ReviewColumns.Spec(column).Header}\" appears twice (columns {ImportProblem.Letters(columns[column] + 1)} and {ImportProblem.Letters(i + 1)}).");
            }
        }

        foreach (var spec in ReviewColumns.All.Where(s => s.Required && !columns.ContainsKey(s.Column)))
        {
            report.Header(null, spec.Header, ImportProblemKind.WrongHeader,
                $"Thiếu cột bắt buộc \"{spec.Header}\" trong dòng tiêu đề.",
                $"The required column \"{spec.Header}\" ({spec.Key}) is missing from the header row.");
        }

        var minority = new[] { ReviewColumn.MinorityHouseholds, ReviewColumn.MinorityPoor, ReviewColumn.MinorityNearPoor };
        if (minority.Any(columns.ContainsKey) && !minority.All(columns.ContainsKey))
        {
            foreach (var missing in minority.Where(c => !columns.ContainsKey(c)))
            {
                var spec = ReviewColumns.Spec(missing);
                report.Header(null, spec.Header, ImportProblemKind.WrongHeader,
                    $"Có cột số liệu DTTS nhưng thiếu cột \"{spec.Header}\": nhập đủ cả 3 cột DTTS hoặc bỏ cả 3.",
                    $"Ethnic-minority columns are present but \"{spec.Header}\" ({spec.Key}) is missing: give all three or none.");
            }
        }

        return columns;
    }

    private UnitYearFigures? ReadRow(RawRow row, Dictionary<ReviewColumn, int> columns, Reporter report, Dictionary<(UnitCode, int), int> firstRowOf)
    {
        var before = report.Count;
        var code = ReadCode(row, columns[ReviewColumn.UnitCode], report);
        var year = ReadNumber(row, columns, ReviewColumn.Year, report, required: true);
        if (year is { } y && y is < MinYear or > MaxYear)
        {
            report.Cell(row, columns[ReviewColumn.Year], ImportProblemKind.YearOutOfRange,
                $"Năm {y} nằm ngoài khoảng {MinYear}–{MaxYear}.", $"Year {y} is outside {MinYear}–{MaxYear}.");
            year = null;
        }

        var households = ReadNumber(row, columns, ReviewColumn.Households, report, required: true);
        var poor = ReadNumber(row, columns, ReviewColumn.Poor, report, required: true);
        var nearPoor = ReadNumber(row, columns, ReviewColumn.NearPoor, report, required: true);
        (long, long, long)? minority = null;
        if (columns.ContainsKey(ReviewColumn.MinorityHouseholds))
        {
            var given = new[] { ReviewColumn.MinorityHouseholds, ReviewColumn.MinorityPoor, ReviewColumn.MinorityNearPoor }
                .Any(c => !row[columns[c]].IsBlank);
            var mh = ReadNumber(row, columns, ReviewColumn.MinorityHouseholds, report, required: given);
            var mp = ReadNumber(row, columns, ReviewColumn.MinorityPoor, report, required: given);
            var mn = ReadNumber(row, columns, ReviewColumn.MinorityNearPoor, report, required: given);
            if (mh is { } a && mp is { } b && mn is { } c)
                minority = (a, b, c);
        }

        if (code is { } unitCode && year is { } reviewYear)
            CheckUnit(row, columns, unitCode, reviewYear, report, firstRowOf);

        if (households is { } h && poor is { } p && nearPoor is { } n && report.Count == before)
            CheckCounts(row, columns, h, p, n, minority, report);

        if (report.Count != before)
            return null;
        var minorityCounts = minority is var (mh2, mp2, mn2) ? new MinorityCounts(mh2, mp2, mn2) : (MinorityCounts?)null;
        return new UnitYearFigures(code!.Value, (int)year!.Value, new HouseholdCounts(households!.Value, poor!.Value, nearPoor!.Value, minorityCounts));
    }

    private static UnitCode? ReadCode(RawRow row, int column, Reporter report)
    {
        var cell = row[column];
        if (cell.IsBlank)
        {
            report.Cell(row, column, ImportProblemKind.MissingValue, "Thiếu mã đơn vị.", "The unit code is missing.");
            return null;
        }

        var text = cell.Text!.Trim();
        var shown = ImportProblem.Quote(text);
        if (cell.IsNumber)
        {
            // Excel drops leading zeros from a number: commune 00124 typed as 124 is district 124. Never guess.
            report.Cell(row, column, ImportProblemKind.InvalidUnitCode,
                $"Mã đơn vị phải nhập dạng văn bản (giữ số 0 ở đầu): ô đang ở dạng số ({shown}) nên có thể đã mất số 0 ở đầu (ví dụ xã 00124 thành 124, là mã của một huyện). "
                + "Định dạng cột là văn bản (Text) rồi nhập lại mã.",
                $"The unit code must be typed as text, keeping its leading zeros: the cell is a number ({shown}), so leading zeros may have been lost (e.g. commune 00124 becomes 124, a district's code). "
                + "Format the column as text and type the code again.");
            return null;
        }

        if (!UnitCode.TryParse(text, out var code) || !IsLevelWidth(text.Length))
        {
            report.Cell(row, column, ImportProblemKind.InvalidUnitCode,
                $"Mã đơn vị \"{shown}\" không hợp lệ: mã tỉnh có 2 chữ số, mã huyện 3 chữ số, mã xã 5 chữ số (giữ số 0 ở đầu).",
                $"Unit code \"{shown}\" is not valid: a province code has 2 digits, a district code 3, a commune code 5 (keep the leading zeros).");
            return null;
        }

        return code;
    }

    /// <summary>Whether <paramref name="width"/> digits is the width of a province, district or commune code (2, 3, 5).</summary>
    private static bool IsLevelWidth(int width) =>
        width == UnitCode.WidthAt(UnitLevel.Province) || width == UnitCode.WidthAt(UnitLevel.District) || width == UnitCode.WidthAt(UnitLevel.Commune);

    private static string LevelVi(UnitLevel level) => level switch
    {
        UnitLevel.Province => "cấp tỉnh",
        UnitLevel.District => "cấp huyện",
        _ => "cấp xã",
    };

    private static long? ReadNumber(RawRow row, Dictionary<ReviewColumn, int> columns, ReviewColumn column, Reporter report, bool required)
    {
        var index = columns[column];
        var cell = row[index];
        var header = ReviewColumns.Spec(column).Header;
        if (cell.IsBlank)
        {
            if (required)
                report.Cell(row, index, ImportProblemKind.MissingValue, $"Thiếu giá trị \"{header}\".", $"\"{header}\" is missing.");
            return null;
        }

        var text = cell.Text!.Trim();
        var shown = ImportProblem.Quote(text);
        switch (WholeNumber.Parse(text, cell.IsNumber, out var value))
        {
            case WholeNumber.Outcome.Ok when value < 0:
                report.Cell(row, index, ImportProblemKind.Negative,
                    $"\"{header}\" không được âm: {value.ToString("N0", Vi)}.", $"\"{header}\" may not be negative: {value.ToString(CultureInfo.InvariantCulture)}.");
                return null;
            case WholeNumber.Outcome.Ok:
                return value;
            case WholeNumber.Outcome.Fractional:
                report.Cell(row, index, ImportProblemKind.NotAWholeNumber,
                    $"\"{header}\" phải là số nguyên, không phải \"{shown}\".", $"\"{header}\" must be a whole number, not \"{shown}\".");
                return null;
            default:
                report.Cell(row, index, ImportProblemKind.NotANumber,
                    $"\"{header}\" không phải là số: \"{shown}\".", $"\"{header}\" is not a number: \"{shown}\".");
                return null;
        }
    }

    private void CheckUnit(RawRow row, Dictionary<ReviewColumn, int> columns, UnitCode code, long year, Reporter report, Dictionary<(UnitCode, int), int> firstRowOf)
    {
        var column = columns[ReviewColumn.UnitCode];
        var versions = registry.VersionsOf(code);
        if (versions.Count == 0)
        {
            report.Cell(row, column, ImportProblemKind.UnknownUnit,
                $"Mã đơn vị {code} không có trong danh mục đơn vị hành chính.", $"Unit code {code} is not in the register of administrative units.");
            return;
        }

        var date = ReviewCalendar.ReferenceDate((int)year);
        var unit = registry.Find(code, date);
        if (unit is not null && UnitCode.WidthAt(unit.Level) is { } width && code.Value.Length != width)
        {
            report.Cell(row, column, ImportProblemKind.InvalidUnitCode,
                $"Mã {code} có {code.Value.Length} chữ số nhưng {unit.FullName} là đơn vị {LevelVi(unit.Level)}, mã phải có {width} chữ số.",
                $"Code {code} has {code.Value.Length} digits but {unit.FullName} is a {unit.Level.ToString().ToLowerInvariant()}-level unit, whose code has {width} digits.");
            return;
        }

        if (unit is null)
        {
            var periods = string.Join("; ", versions.Select(v => v.ToString()));
            report.Cell(row, column, ImportProblemKind.UnitNotValidInYear,
                $"Mã {code} không còn/chưa là đơn vị hành chính vào ngày 31/12/{year} (năm rà soát {year}). Thời gian hiệu lực: {periods}.",
                $"Code {code} names no administrative unit on 31/12/{year} (review year {year}). Valid: {periods}.");
            return;
        }

        if (firstRowOf.TryGetValue((code, (int)year), out var first))
        {
            report.Cell(row, column, ImportProblemKind.DuplicateUnitYear,
                $"Trùng đơn vị {code} năm {year}: đã có ở dòng {first}.", $"Unit {code} year {year} is given twice: also in row {first}.");
            return;
        }

        firstRowOf[(code, (int)year)] = row.Number;
    }

    private static void CheckCounts(RawRow row, Dictionary<ReviewColumn, int> columns, long h, long p, long n, (long, long, long)? minority, Reporter report)
    {
        foreach (var problem in HouseholdCounts.Check(h, p, n, minority))
        {
            switch (problem)
            {
                case CountsProblem.NoHouseholds:
                    report.Cell(row, columns[ReviewColumn.Households], ImportProblemKind.NoHouseholds,
                        "Tổng số hộ phải lớn hơn 0.", "Households must be greater than 0.");
                    break;
                case CountsProblem.PoorExceedsHouseholds:
                    report.Cell(row, columns[ReviewColumn.Poor], ImportProblemKind.PoorExceedsHouseholds,
                        $"Số hộ nghèo ({p.ToString("N0", Vi)}) lớn hơn tổng số hộ ({h.ToString("N0", Vi)}).",
                        $"Poor households ({p.ToString(CultureInfo.InvariantCulture)}) exceed all households ({h.ToString(CultureInfo.InvariantCulture)}).");
                    break;
                case CountsProblem.PoorAndNearPoorExceedHouseholds:
                    report.Cell(row, columns[ReviewColumn.NearPoor], ImportProblemKind.PoorAndNearPoorExceedHouseholds,
                        $"Số hộ nghèo + cận nghèo ({(p + n).ToString("N0", Vi)}) lớn hơn tổng số hộ ({h.ToString("N0", Vi)}).",
                        $"Poor + near-poor households ({(p + n).ToString(CultureInfo.InvariantCulture)}) exceed all households ({h.ToString(CultureInfo.InvariantCulture)}).");
                    break;
                case CountsProblem.MinorityExceedsHouseholds:
                    report.Cell(row, columns[ReviewColumn.MinorityHouseholds], ImportProblemKind.InconsistentMinorityCounts,
                        "Số hộ DTTS lớn hơn tổng số hộ.", "Ethnic-minority households exceed all households.");
                    break;
                case CountsProblem.MinorityPoorAndNearPoorExceedMinorityHouseholds:
                    report.Cell(row, columns[ReviewColumn.MinorityNearPoor], ImportProblemKind.InconsistentMinorityCounts,
                        "Số hộ nghèo DTTS + cận nghèo DTTS lớn hơn số hộ DTTS.", "Ethnic-minority poor + near-poor exceed ethnic-minority households.");
                    break;
                case CountsProblem.MinorityPoorExceedsPoor:
                    report.Cell(row, columns[ReviewColumn.MinorityPoor], ImportProblemKind.InconsistentMinorityCounts,
                        "Số hộ nghèo (cận nghèo) DTTS lớn hơn số hộ nghèo (cận nghèo) chung.", "Ethnic-minority poor (near-poor) exceed all poor (near-poor).");
                    break;
                default:
                    break; // negatives are reported per cell when the numbers are read
            }
        }
    }

    private void CheckNoAncestorGiven(List<ReviewBatchRow> accepted, Dictionary<ReviewColumn, int> columns, Reporter report, Dictionary<(UnitCode, int), int> firstRowOf)
    {
        // Reported once, on the row of the containing unit, naming the rows inside it.
        var inside = new SortedDictionary<int, (AdministrativeUnit Ancestor, int Year, List<int> Rows)>();
        foreach (var row in accepted)
        {
            var (code, year, _) = row.Figures;
            foreach (var ancestor in registry.AncestorsOf(code, ReviewCalendar.ReferenceDate(year)))
            {
                if (!firstRowOf.TryGetValue((ancestor.Code, year), out var ancestorRow))
                    continue;
                if (!inside.TryGetValue(ancestorRow, out var entry))
                    inside[ancestorRow] = entry = (ancestor, year, []);
                entry.Rows.Add(row.Row);
                break;
            }
        }

        foreach (var (ancestorRow, (ancestor, year, rows)) in inside)
        {
            var list = string.Join(", ", rows.Take(10)) + (rows.Count > 10 ? ", …" : string.Empty);
            report.Cell(new RawRow(ancestorRow, []), columns[ReviewColumn.UnitCode], ImportProblemKind.UnitAndAncestorBothGiven,
                $"{ancestor.FullName} ({ancestor.Code}) năm {year} đã có số liệu của {rows.Count} đơn vị trực thuộc (dòng {list}): số hộ sẽ bị tính hai lần. Chỉ nhập một cấp.",
                $"{ancestor.FullName} ({ancestor.Code}) for {year} is given together with {rows.Count} unit(s) inside it (rows {list}): households would be counted twice. Give one level only.");
        }
    }

    private sealed class Reporter(RawReviewTable table, List<ImportProblem> problems)
    {
        public int Count => problems.Count;

        public void File(ImportProblemKind kind, string vi, string en) =>
            problems.Add(new ImportProblem(table.FileName, table.Sheet, null, null, null, kind, vi, en));

        public void Header(int? index, string name, ImportProblemKind kind, string vi, string en) =>
            problems.Add(new ImportProblem(table.FileName, table.Sheet, table.Header!.Number, index + 1, name, kind, vi, en));

        public void Cell(RawRow row, int index, ImportProblemKind kind, string vi, string en) =>
            problems.Add(new ImportProblem(table.FileName, table.Sheet, row.Number, index + 1, ColumnName(index), kind, vi, en));

        private string? ColumnName(int index)
        {
            var header = table.Header![index].Text?.Trim();
            return header is null ? null : ReviewColumns.TryMatch(header, out var column) ? ReviewColumns.Spec(column).Header : ImportProblem.Quote(header);
        }
    }
}

/// <summary>Reads whole numbers as people type them in Vietnamese or English spreadsheets.</summary>
internal static class WholeNumber
{
    internal enum Outcome
    {
        Ok,
        Fractional,
        NotANumber,
    }

    /// <summary>
    /// Parses plain digits ("12345"), digits grouped by threes with '.', ',', space or no-break space
    /// ("12.345", "12,345", "12 345"), an optional leading '-' or '+', or for a numeric cell its
    /// invariant text ("12345", "1.5E3"). "12,5" or "12.50" are fractional (a count has none).
    /// </summary>
    internal static Outcome Parse(string text, bool isNumberCell, out long value)
    {
        value = 0;
        if (isNumberCell)
        {
            if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                return Outcome.NotANumber;
            if (number != decimal.Truncate(number))
                return Outcome.Fractional;
            if (number is > long.MaxValue or < long.MinValue)
                return Outcome.NotANumber;
            value = (long)number;
            return Outcome.Ok;
        }

        var span = text.AsSpan();
        var negative = false;
        if (span.Length > 0 && (span[0] == '-' || span[0] == '+'))
        {
            negative = span[0] == '-';
            span = span[1..];
        }

        if (span.Length == 0)
            return Outcome.NotANumber;
        Span<char> digits = stackalloc char[span.Length];
        var count = 0;
        char? separator = null;
        var groupLength = 0;
        var firstGroupLength = -1;
        foreach (var c in span)
        {
            if (char.IsAsciiDigit(c))
            {
                digits[count++] = c;
                groupLength++;
                continue;
            }

            if (c is not ('.' or ',' or ' ' or '\u00A0'))
                return Outcome.NotANumber;
            if (separator is { } s && s != c)
                return Outcome.NotANumber;
            if (groupLength == 0 || (firstGroupLength >= 0 && groupLength != 3) || (firstGroupLength < 0 && groupLength > 3))
                return LooksFractional(span) ? Outcome.Fractional : Outcome.NotANumber;
            separator = c;
            firstGroupLength = firstGroupLength < 0 ? groupLength : firstGroupLength;
            groupLength = 0;
        }

        if (separator is not null && groupLength != 3)
            return LooksFractional(span) ? Outcome.Fractional : Outcome.NotANumber;
        if (count == 0 || count > 18)
            return Outcome.NotANumber;
        value = long.Parse(digits[..count], NumberStyles.None, CultureInfo.InvariantCulture);
        if (negative)
            value = -value;
        return Outcome.Ok;
    }

    private static bool LooksFractional(ReadOnlySpan<char> span)
    {
        var separators = 0;
        foreach (var c in span)
        {
            if (c is '.' or ',')
                separators++;
            else if (!char.IsAsciiDigit(c))
                return false;
        }

        return separators == 1;
    }
}
