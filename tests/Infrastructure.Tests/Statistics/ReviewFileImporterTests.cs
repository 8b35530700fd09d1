using System.Security.Cryptography;
using System.Text;
using DocumentFormat.OpenXml.Packaging;
using NoOneLeftBehind.Domain.Statistics;
using NoOneLeftBehind.Domain.Statistics.Import;
using NoOneLeftBehind.Domain.Units;
using NoOneLeftBehind.Infrastructure.Statistics.Import;

namespace NoOneLeftBehind.Infrastructure.Tests.Statistics;

public class ReviewFileImporterTests
{
    private static readonly ReviewFileImporter Importer = new(UnitRegistry.Embedded);

    private static UnitYearFigures F(string code, int year, long h, long p, long n, MinorityCounts? m = null) =>
        new(UnitCode.Parse(code), year, new HouseholdCounts(h, p, n, m));

    private static readonly UnitYearFigures[] GoodFigures =
    [
        F("00001", 2024, 3_120, 12, 30),
        F("00004", 2024, 2_870, 3, 9, new MinorityCounts(40, 1, 2)),
        F("23938", 2024, 1_950, 410, 260, new MinorityCounts(1_500, 390, 200)), // Ia Mơ, old Gia Lai
        F("23938", 2025, 1_990, 300, 250, new MinorityCounts(1_530, 290, 190)), // same code, new Gia Lai
        F("11948", 2025, 310, 2, 5),                                           // đặc khu Bạch Long Vĩ, new in 2025
    ];

    [Fact]
    public void Import_GoodCsv_GivesAnImmutableBatchNamedByItsHash()
    {
        var bytes = ReviewFileWriter.Csv(GoodFigures);

        var result = Importer.Import("ket-qua-ra-soat.csv", bytes);

        result.Problems.ShouldBeEmpty();
        var batch = result.Batch.ShouldNotBeNull();
        batch.Figures.ShouldBe(GoodFigures);
        batch.Rows.Select(r => r.Row).ShouldBe([2, 3, 4, 5, 6]);
        batch.Years.ShouldBe([2024, 2025]);
        batch.Sheet.ShouldBeNull();
        batch.VersionId.ShouldBe("sha256-" + Convert.ToHexStringLower(SHA256.HashData(bytes)));
        Importer.Import("copy.csv", bytes).Batch!.VersionId.ShouldBe(batch.VersionId); // a re-import is detectable
        (batch.Rows is ICollection<ReviewBatchRow> { IsReadOnly: true }).ShouldBeTrue();
    }

    [Fact]
    public void Import_GoodXlsx_ReadsTheDataSheet()
    {
        var bytes = ReviewFileWriter.Xlsx(GoodFigures, f => f.Unit.Value == "00001" ? "Phường Phúc Xá" : null);

        var result = Importer.Import("ket-qua-ra-soat.xlsx", bytes);

        result.Problems.ShouldBeEmpty();
        result.Batch!.Figures.ShouldBe(GoodFigures);
        result.Batch.Sheet.ShouldBe("Số liệu");
        result.Batch.ContentHash.ShouldBe(ContentHash.Of(bytes));
    }

    [Fact]
    public void Import_CsvFromVietnameseExcel_SemicolonsEnglishKeysAndThousandSeparators()
    {
        var text = "unit_code;year;households;poor;near_poor\r\n00001;2024;3.120;12;30\r\n00004;2024;2 870;3;9\r\n";
        var result = Importer.Import("vi.csv", Encoding.UTF8.GetBytes(text));
        result.Problems.ShouldBeEmpty();
        result.Batch!.Figures.Select(f => f.Counts.Households).ShouldBe([3_120L, 2_870L]);
    }

    private const string BadCsv =
        "Mã đơn vị,Tên đơn vị,Năm,Tổng số hộ,Số hộ nghèo,Số hộ cận nghèo\r\n" +
        "00001,Phúc Xá,2024,1000,50,40\r\n" + // 2 good
        "99999,,2024,100,1,1\r\n" +           // 3 unknown unit
        "540,,2025,100,1,1\r\n" +             // 4 district Quy Nhơn no longer exists in 2025
        "00004,,2024,100,101,0\r\n" +         // 5 poor > households
        "00006,,2024,100,60,41\r\n" +         // 6 poor + near-poor > households
        "00007,,2024,100,-1,0\r\n" +          // 7 negative
        "00001,,2024,1000,50,40\r\n" +        // 8 duplicate of row 2
        "00008,,2024,abc,1,1\r\n" +           // 9 not a number
        "00016,,2024,100,\"12,5\",1\r\n" +    // 10 not a whole number
        "00019,,2024,100,,1\r\n" +            // 11 missing
        "1,,2024,100,1,1\r\n" +               // 12 malformed code (leading zeros lost)
        "00022,,1999,100,1,1\r\n" +           // 13 year out of range
        "\r\n" +                              // 14 blank: ignored
        "001,,2024,9000,90,90\r\n";           // 15 district Ba Đình given with its commune of row 2

    public static TheoryData<int, string, ImportProblemKind> BadRows => new()
    {
        { 3, "A", ImportProblemKind.UnknownUnit },
        { 4, "A", ImportProblemKind.UnitNotValidInYear },
        { 5, "E", ImportProblemKind.PoorExceedsHouseholds },
        { 6, "F", ImportProblemKind.PoorAndNearPoorExceedHouseholds },
        { 7, "E", ImportProblemKind.Negative },
        { 8, "A", ImportProblemKind.DuplicateUnitYear },
        { 9, "D", ImportProblemKind.NotANumber },
        { 10, "E", ImportProblemKind.NotAWholeNumber },
        { 11, "E", ImportProblemKind.MissingValue },
        { 12, "A", ImportProblemKind.InvalidUnitCode },
        { 13, "C", ImportProblemKind.YearOutOfRange },
        { 15, "A", ImportProblemKind.UnitAndAncestorBothGiven },
    };

    [Theory]
    [MemberData(nameof(BadRows))]
    public void Import_BadCsvRow_ReportedWithFileRowColumnAndReason(int row, string column, ImportProblemKind kind)
    {
        var result = Importer.Import("xa.csv", Encoding.UTF8.GetBytes(BadCsv));

        result.IsValid.ShouldBeFalse();
        var problem = result.Problems.Where(p => p.Row == row).ShouldHaveSingleItem();
        problem.File.ShouldBe("xa.csv");
        problem.Sheet.ShouldBeNull();
        problem.ColumnLetter.ShouldBe(column);
        problem.Kind.ShouldBe(kind);
        problem.ColumnName.ShouldNotBeNullOrWhiteSpace();
        problem.MessageVi.ShouldNotBeNullOrWhiteSpace();
        problem.MessageEn.ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public void Import_BadCsv_ReportsEveryProblemAndNothingElse()
    {
        var result = Importer.Import("xa.csv", Encoding.UTF8.GetBytes(BadCsv));
        result.Batch.ShouldBeNull();
        result.Problems.Select(p => p.Row!.Value).ShouldBe(BadRows.Select(r => (int)r[0]));
        result.Problems.Single(p => p.Row == 8).MessageEn.ShouldContain("row 2");
        result.Problems.Single(p => p.Row == 5).MessageVi.ShouldBe("Số hộ nghèo (101) lớn hơn tổng số hộ (100).");
        result.Problems.Single(p => p.Row == 15).ToString().ShouldContain("xa.csv row 15, column A (Mã đơn vị)");
    }

    [Fact]
    public void Import_BadXlsx_ReportsSheetRowAndColumn()
    {
        object?[][] rows =
        [
            ["00001", "Phúc Xá", 2024L, 1000L, 50L, 40L],
            [1L, null, 2024L, 100L, 1L, 1L],          // 3: code typed as a number
            ["00004", null, 2024L, 100L, 60L, 41L],   // 4: poor + near-poor > households
            ["00006", null, 2024L, "nhiều", 1L, 1L],  // 5: not a number
            ["00007", null, 2024L, 100L, 2.5m, 1L],   // 6: not a whole number
            ["540", null, 2025L, 100L, 1L, 1L],       // 7: district gone in 2025
        ];
        var bytes = ReviewFileWriter.XlsxRows(ReviewFileWriter.Headers.Take(6).ToArray(), rows);

        var result = Importer.Import("tinh.xlsx", bytes);

        result.Problems.Select(p => (p.Sheet, p.Row, p.ColumnLetter, p.Kind)).ShouldBe(
        [
            ("Số liệu", 3, "A", ImportProblemKind.InvalidUnitCode),
            ("Số liệu", 4, "F", ImportProblemKind.PoorAndNearPoorExceedHouseholds),
            ("Số liệu", 5, "D", ImportProblemKind.NotANumber),
            ("Số liệu", 6, "E", ImportProblemKind.NotAWholeNumber),
            ("Số liệu", 7, "A", ImportProblemKind.UnitNotValidInYear),
        ]);
        result.Problems[0].MessageEn.ShouldContain("format the column as text");
    }

    [Fact]
    public void Import_XlsxCodeTypedAsNumber_RefusedNamingRowAndColumn_EvenWhenTheNumberIsAnotherUnitsCode()
    {
        // Phường Đức Giang (00124) typed as the number 124 is also the code of Huyện Yên Châu (124): never guessed.
        object?[][] rows =
        [
            ["00001", "Phúc Xá", 2024L, 1000L, 50L, 40L],
            [124L, "Đức Giang", 2024L, 1000L, 10L, 20L],
        ];
        var bytes = ReviewFileWriter.XlsxRows(ReviewFileWriter.Headers.Take(6).ToArray(), rows);

        var result = Importer.Import("quan.xlsx", bytes);

        result.Batch.ShouldBeNull(); // nothing is imported, not even row 2
        var problem = result.Problems.ShouldHaveSingleItem();
        (problem.Sheet, problem.Row, problem.ColumnLetter, problem.ColumnName, problem.Kind)
            .ShouldBe(("Số liệu", 3, "A", "Mã đơn vị", ImportProblemKind.InvalidUnitCode));
        problem.MessageVi.ShouldStartWith("Mã đơn vị phải nhập dạng văn bản (giữ số 0 ở đầu)");
        problem.MessageEn.ShouldStartWith("The unit code must be typed as text, keeping its leading zeros");
        problem.ToString().ShouldContain("quan.xlsx [Số liệu] row 3, column A (Mã đơn vị)");
    }

    [Theory]
    [InlineData("csv", "0124")]      // 4 digits: no level has 4
    [InlineData("csv", "024124")]    // a commune with an extra zero
    [InlineData("csv", "0000001")]
    [InlineData("xlsx", "0124")]
    [InlineData("xlsx", "024124")]
    public void Import_TextCodeWithTheWrongWidthForEveryLevel_RefusedNamingTheWidths(string format, string code)
    {
        var bytes = format == "csv"
            ? Encoding.UTF8.GetBytes($"Mã đơn vị,Năm,Tổng số hộ,Số hộ nghèo,Số hộ cận nghèo\r\n00001,2024,1000,50,40\r\n{code},2024,100,1,1\r\n")
            : ReviewFileWriter.XlsxRows(["Mã đơn vị", "Năm", "Tổng số hộ", "Số hộ nghèo", "Số hộ cận nghèo"],
                [["00001", 2024L, 1000L, 50L, 40L], [code, 2024L, 100L, 1L, 1L]]);

        var result = Importer.Import("ma." + format, bytes);

        result.Batch.ShouldBeNull();
        var problem = result.Problems.ShouldHaveSingleItem();
        (problem.Row, problem.ColumnLetter, problem.Kind).ShouldBe((3, "A", ImportProblemKind.InvalidUnitCode));
        problem.MessageVi.ShouldContain("mã tỉnh có 2 chữ số, mã huyện 3 chữ số, mã xã 5 chữ số");
        problem.MessageEn.ShouldContain("a province code has 2 digits, a district code 3, a commune code 5");
    }

    [Fact]
    public void Import_TextCodesOfEachLevel_Accepted()
    {
        var text = "Mã đơn vị,Năm,Tổng số hộ,Số hộ nghèo,Số hộ cận nghèo\r\n02,2024,1000,50,40\r\n124,2024,1000,50,40\r\n00124,2024,100,1,1\r\n";
        var result = Importer.Import("cap.csv", Encoding.UTF8.GetBytes(text));
        result.Problems.ShouldBeEmpty();
        result.Batch!.Figures.Select(f => f.Unit.Value).ShouldBe(["02", "124", "00124"]);
    }

    [Fact]
    public void Import_HugeOrBinaryCells_AreQuotedShort_SoAProblemNeverOutgrowsTheFile()
    {
        // 1 MB of zero bytes as an extra header cell, and a 5,000-character number cell: each problem quotes 60 characters.
        var zeros = new string('\0', 1024 * 1024);
        var headerFile = Importer.Import("lon.csv", Encoding.UTF8.GetBytes("Mã đơn vị,Năm,Tổng số hộ,Số hộ nghèo,Số hộ cận nghèo," + zeros + "\n00001,2024,10,1,1,\n"));
        var cellFile = Importer.Import("lon.csv", Encoding.UTF8.GetBytes("Mã đơn vị,Năm,Tổng số hộ,Số hộ nghèo,Số hộ cận nghèo\n00001,2024,10," + new string('x', 5000) + ",1\n"));
        List<ImportProblem> problems = [.. headerFile.Problems, .. cellFile.Problems];
        problems.Select(p => p.Kind).ShouldBe([ImportProblemKind.WrongHeader, ImportProblemKind.NotANumber]);
        foreach (var problem in problems)
        {
            problem.MessageVi.Length.ShouldBeLessThan(400, problem.MessageVi);
            problem.MessageEn.Length.ShouldBeLessThan(400, problem.MessageEn);
        }
        var header = problems[0];
        header.ColumnName.ShouldBe(new string('\uFFFD', ImportProblem.MaxQuoted) + "…");
        header.MessageVi.ShouldNotContain("\0");
        problems[1].MessageEn.ShouldContain(new string('x', ImportProblem.MaxQuoted) + "…\"");
        problems[1].MessageEn.ShouldNotContain(new string('x', ImportProblem.MaxQuoted + 1));
        // Short text is quoted as it is.
        ImportProblem.Quote("Cận nghèo").ShouldBe("Cận nghèo");
        ImportProblem.Quote(new string('a', 59) + "😀").ShouldBe(new string('a', 59) + "…", "a character is never split");
    }

    [Fact]
    public void Import_WrongHeader_ReportsUnknownAndMissingColumns()
    {
        var text = "Mã đơn vị,Năm,Tổng số hộ,Số hộ nghèo,Cận nghèo\n00001,2024,10,1,1\n";
        var result = Importer.Import("sai.csv", Encoding.UTF8.GetBytes(text));
        result.Problems.Select(p => (p.Row, p.ColumnLetter, p.ColumnName, p.Kind)).ShouldBe(
        [
            (1, null, "Số hộ cận nghèo", ImportProblemKind.WrongHeader),
            (1, "E", "Cận nghèo", ImportProblemKind.WrongHeader),
        ], ignoreOrder: true);
    }

    [Theory]
    [InlineData("")]                                   // 0 bytes
    [InlineData("\r\n\r\n")]                           // blank lines only
    [InlineData("Mã đơn vị,Năm,Tổng số hộ,Số hộ nghèo,Số hộ cận nghèo\r\n")] // header only
    public void Import_EmptyCsv_ReportsEmptyFile(string text) =>
        Importer.Import("rong.csv", Encoding.UTF8.GetBytes(text)).Problems.ShouldHaveSingleItem().Kind.ShouldBe(ImportProblemKind.EmptyFile);

    [Fact]
    public void Import_CorruptXlsx_ReportsUnreadableFile() =>
        Importer.Import("hong.xlsx", [0x50, 0x4B, 0x03, 0x04, 1, 2, 3]).Problems.ShouldHaveSingleItem().Kind.ShouldBe(ImportProblemKind.UnreadableFile);

    [Fact]
    public void Templates_HaveTheVietnameseHeadersAndImportAsEmpty()
    {
        var csv = ReviewFileWriter.CsvTemplate();
        csv.Take(3).ShouldBe(new byte[] { 0xEF, 0xBB, 0xBF }); // BOM, so Excel shows the accents
        Encoding.UTF8.GetString(csv).TrimStart('\uFEFF').ShouldStartWith("Mã đơn vị,Tên đơn vị,Năm,Tổng số hộ,Số hộ nghèo,Số hộ cận nghèo,Số hộ DTTS");
        Importer.Import("mau.csv", csv).Problems.ShouldHaveSingleItem().Kind.ShouldBe(ImportProblemKind.EmptyFile);

        var xlsx = ReviewFileWriter.XlsxTemplate();
        using (var document = SpreadsheetDocument.Open(new MemoryStream(xlsx), false))
        {
            document.WorkbookPart!.Workbook.Sheets!.Elements<DocumentFormat.OpenXml.Spreadsheet.Sheet>()
                .Select(s => s.Name!.Value).ShouldBe(["Số liệu", "Hướng dẫn"]);
        }

        var read = ReviewFileReader.ReadXlsx("mau.xlsx", xlsx).Table!;
        read.Header!.Cells.Select(c => c.Text).ShouldBe(ReviewFileWriter.Headers);
        Importer.Import("mau.xlsx", xlsx).Problems.ShouldHaveSingleItem().Kind.ShouldBe(ImportProblemKind.EmptyFile);
    }
}
