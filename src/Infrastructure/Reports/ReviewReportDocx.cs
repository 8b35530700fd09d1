using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using NoOneLeftBehind.Domain.Dossiers;
using NoOneLeftBehind.Domain.Plans;
using NoOneLeftBehind.Domain.Reports;
using NoOneLeftBehind.Domain.Statistics;
using NoOneLeftBehind.Domain.Units;

namespace NoOneLeftBehind.Infrastructure.Reports;

/// <summary>
/// Writes a <see cref="ReviewReport"/> as a draft DOCX in the administrative format of Nghị định 30/2020/NĐ-CP (Phụ lục I):
/// A4, margins top/bottom 20 mm, left 30 mm, right 15 mm; Times New Roman 14 (13 for tables and the nơi nhận); the header
/// block with the issuing body and số/ký hiệu on the left, Quốc hiệu and tiêu ngữ and the place and date on the right; the
/// title; the outline's sections in order with their prompts (highlighted, to be replaced by the author) and the tables of
/// figures; a native DrawingML chart of the poor rate; nơi nhận and the signer; page numbers centred in the header from page 2.
/// </summary>
public static class ReviewReportDocx
{
    /// <summary>The font of the document (NĐ 30/2020, Phụ lục I).</summary>
    public const string Font = "Times New Roman";
    /// <summary>The body size in half-points (14 pt).</summary>
    public const int BodySize = 28;
    /// <summary>The table size in half-points (13 pt).</summary>
    public const int TableSize = 26;
    /// <summary>Margins in twentieths of a point: 20 mm, 20 mm, 30 mm, 15 mm.</summary>
    public const int TopMargin = 1134, BottomMargin = 1134, LeftMargin = 1701, RightMargin = 851;
    /// <summary>The mark before every prompt of the outline, so that the author sees what to replace.</summary>
    public const string PromptMark = "[Gợi ý của đề cương – đơn vị viết nội dung, xoá dòng này] ";

    /// <summary>Vietnamese numbers: "." between thousands, "," before decimals.</summary>
    public static readonly NumberFormatInfo Numbers = new() { NumberGroupSeparator = ".", NumberDecimalSeparator = ",", NumberGroupSizes = [3] };

    /// <summary>A count, e.g. 12.345.</summary>
    public static string Count(long value) => value.ToString("#,0", Numbers);

    /// <summary>A rate or points with two decimals, e.g. 4,03.</summary>
    public static string Fixed(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero).ToString("#,0.00", Numbers);

    /// <summary>Writes the report to <paramref name="output"/>.</summary>
    public static void Write(ReviewReport report, Stream output)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var doc = WordprocessingDocument.Create(output, WordprocessingDocumentType.Document);
        var main = doc.AddMainDocumentPart();
        AddStyles(main);
        var body = new Body();
        main.Document = new Document(body);

        body.Append(HeaderBlock(report));
        body.Append(Para(new[] { R("BÁO CÁO", bold: true) }, center: true, before: 240));
        body.Append(Para(new[] { R(Subtitle(report), bold: true) }, center: true));
        body.Append(Para(new[] { R("________", bold: true) }, center: true, after: 240));
        body.Append(Para(new[] { R(Basis(report), italic: true) }, justify: true, indent: true));
        if (report.Scheduled.OutlineNote is { } note)
            body.Append(Prompt($"Đề cương: {note} (Đề cương mặc định – theo {report.Outline.Clause} của kế hoạch sơ kết tỉnh Bắc Giang.)"));

        foreach (var (path, section, depth) in report.Outline.Walk())
        {
            body.Append(Heading(section, depth));
            foreach (var figures in section.Figures ?? [])
                Figures(report, figures, main, body);
            if (section.IsLeaf)
            {
                foreach (var prompt in section.Prompts ?? [])
                    body.Append(Prompt(prompt));
                body.Append(Prompt($"Nội dung mục {path}: {section.Title} (theo {section.Clause})."));
            }
        }

        body.Append(Para(new[] { R("Trên đây là báo cáo " + report.StageWord + " Phong trào thi đua của " + UnitName(report) + "./.") }, justify: true, indent: true));
        body.Append(SignatureBlock(report));
        AddPageNumbers(main, body);
        main.Document.Save();
    }

    /// <summary>The title line under "BÁO CÁO".</summary>
    public static string Subtitle(ReviewReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var what = report.Stage.Kind switch
        {
            StageKind.MidTerm => "Sơ kết",
            StageKind.Final => "Tổng kết",
            _ => "Kết quả thực hiện năm " + report.Year.ToString(CultureInfo.InvariantCulture) + " của",
        };
        return $"{what} Phong trào thi đua “Vì người nghèo - Không để ai bị bỏ lại phía sau” giai đoạn {report.Plan.Period.From} - {report.Plan.Period.To}";
    }

    /// <summary>The issuing body in the header block, upper case (e.g. "ỦY BAN NHÂN DÂN TỈNH BẮC GIANG").</summary>
    public static string Issuer(ReviewReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report.BodyName is { } body ? body.ToUpperInvariant() : ("ỦY BAN NHÂN DÂN " + report.Unit.FullName).ToUpperInvariant();
    }

    /// <summary>The line above the issuing body (cơ quan chủ quản), if any.</summary>
    public static string? Superior(ReviewReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (report.BodyName is not null) return ("UBND " + report.Unit.FullName).ToUpperInvariant();
        return report.Parent is { } parent ? ("UBND " + parent.FullName).ToUpperInvariant() : null;
    }

    private static string Basis(ReviewReport report)
    {
        var route = report.Route is { } r
            ? $" Báo cáo gửi {r.To}" + (r.DueIn(report.Year) is { } due ? $", xong trước ngày {VietnamTime.Format(due)}" : "") + $" (mục {r.Clause} của kế hoạch)."
            : "";
        return $"Thực hiện {report.Plan.Title}{(report.Plan.Document.Number is { } n ? " số " + n : "")} của {report.Plan.Issuer}, {UnitName(report)} báo cáo {report.StageWord} Phong trào thi đua như sau.{route}";
    }

    private static string UnitName(ReviewReport report) => report.BodyName ?? "Ủy ban nhân dân " + InProse(report.Unit);

    /// <summary>A unit's name inside a sentence: "tỉnh Bắc Giang", "huyện Lục Nam" (the kind in lower case).</summary>
    private static string InProse(AdministrativeUnit unit) => unit.Kind.VietnamesePrefix().ToLowerInvariant() + " " + unit.Name;

    private static void Figures(ReviewReport report, ReportFigures figures, MainDocumentPart main, Body body)
    {
        switch (figures)
        {
            case ReportFigures.Poverty:
                if (report.Poverty.Count == 0)
                {
                    body.Append(Para(new[] { R(report.BodyName is null ? "Chưa có kết quả rà soát hộ nghèo, hộ cận nghèo trong giai đoạn." : "Báo cáo của cơ quan: không có số liệu hộ nghèo theo địa bàn.", italic: true) }, indent: true));
                    return;
                }
                if (report.FiguresToYear < report.Year)
                    body.Append(Prompt($"Số liệu đến năm {report.FiguresToYear}: {report.Unit.FullName} không còn là đơn vị hành chính vào ngày {VietnamTime.Format(ReviewCalendar.ReferenceDate(report.Year))} (sắp xếp đơn vị hành chính); đơn vị bổ sung số liệu năm {report.Year} nếu có."));
                body.Append(Caption($"Bảng 1. Kết quả rà soát hộ nghèo, hộ cận nghèo của {InProse(report.Unit)}, {report.FromYear}–{report.FiguresToYear}"));
                body.Append(Table(
                    ["Năm", "Tổng số hộ", "Hộ nghèo", "Tỷ lệ hộ nghèo (%)", "Giảm so với năm trước (điểm %)", "Hộ cận nghèo", "Tỷ lệ hộ cận nghèo (%)"],
                    report.Poverty.Select(p => new[]
                    {
                        p.Year.ToString(CultureInfo.InvariantCulture), Count(p.Counts.Households), Count(p.Counts.Poor), Fixed(p.PoorRate),
                        p.PoorRateFall is { } f ? Fixed(f) : "–", Count(p.Counts.NearPoor), Fixed(p.NearPoorRate),
                    })));
                body.Append(Caption("Biểu đồ 1. Tỷ lệ hộ nghèo (%) qua các năm"));
                body.Append(ReportChart.Add(main, report));
                return;
            case ReportFigures.Targets:
                if (report.Targets.Count == 0) return;
                body.Append(Caption("Bảng 2. Kết quả so với chỉ tiêu của kế hoạch"));
                body.Append(Table(
                    ["Chỉ tiêu (mục của kế hoạch)", "Năm", "Thực hiện (%)", "Yêu cầu theo lộ trình (%)", "Giảm so với năm trước (điểm %)", "Đạt lộ trình"],
                    report.Targets.SelectMany(t => t.Years.Select(y => new[]
                    {
                        $"{t.Target.Description} ({Clause(report.Plan, t.Target)})", y.Year.ToString(CultureInfo.InvariantCulture),
                        y.Actual is { } a ? Fixed(a) : "–", Fixed(y.Expected), y.FallFromPreviousYear is { } f ? Fixed(f) : "–",
                        y.OnPath switch { true => "Đạt", false => "Chưa đạt", _ => "Thiếu số liệu" },
                    }))));
                foreach (var t in report.Targets)
                    body.Append(Para(new[] { R($"{t.Target.Description}: {StatusWord(t.Status)}.", italic: true) }, indent: true));
                return;
            case ReportFigures.UnitsBelow:
                if (report.UnitsBelow.Count == 0) return;
                body.Append(Caption($"Bảng 3. Tỷ lệ hộ nghèo của các đơn vị trực thuộc {InProse(report.Unit)}"));
                body.Append(Table(
                    ["Đơn vị", "Tỷ lệ hộ nghèo đầu kỳ (%)", "Tổng số hộ năm cuối", "Hộ nghèo năm cuối", "Tỷ lệ hộ nghèo năm cuối (%)", "Giảm (điểm %)"],
                    report.UnitsBelow.Select(u => new[]
                    {
                        u.Unit.FullName, $"{Fixed(u.FirstRate)} ({u.FirstYear})", Count(u.LastCounts.Households), Count(u.LastCounts.Poor),
                        $"{Fixed(u.LastRate)} ({u.LastYear})", Fixed(u.Fall),
                    })));
                return;
            case ReportFigures.Awards:
                var statuses = report.Awards.SelectMany(a => a.ByStatus.Keys).Distinct().Order().ToList();
                body.Append(Caption($"Bảng 4. Hồ sơ đề nghị khen thưởng theo hình thức và trạng thái ({report.StageWord} {report.Year})"));
                body.Append(Table(
                    ["Hình thức khen thưởng", .. statuses.Select(ReportWords.Status), "Tổng số"],
                    report.Awards.Select(a => (string[])[a.AwardForm.Name, .. statuses.Select(s => Count(a.ByStatus.GetValueOrDefault(s))), Count(a.Total)])));
                return;
            case ReportFigures.Quotas:
                if (report.Quotas.Count == 0) return;
                body.Append(Caption("Bảng 5. Sử dụng chỉ tiêu khen thưởng"));
                body.Append(Table(
                    ["Đơn vị đề nghị", "Hình thức", "Đối tượng", "Chỉ tiêu (mục)", "Đã đề nghị"],
                    report.Quotas.Select(q => new[]
                    {
                        $"{q.NominatorName} ({q.Limit.Nominator})", q.AwardForm.Name, DossierChecks.KindWords(q.Kind).Vi, $"{Count(q.Limit.Count)} ({q.Limit.Clause})", Count(q.Used),
                    })));
                return;
            case ReportFigures.Dossiers:
                var d = report.Dossiers;
                body.Append(Caption("Bảng 6. Hồ sơ nộp đúng hạn, trễ hạn"));
                body.Append(Table(
                    ["Nộp đúng hạn", "Nộp trễ hạn", "Không có hạn ở cấp này", "Chưa nộp (bản nháp)", "Hạn nộp"],
                    [[Count(d.OnTime), Count(d.Late), Count(d.WithoutDeadline), Count(d.NotSubmitted),
                      d.Deadline is { } dl ? $"{VietnamTime.Format(dl.Date)} (mục {dl.Clause})" : "–"]]));
                return;
            default:
                throw new ArgumentOutOfRangeException(nameof(figures), figures, null);
        }
    }

    private static string Clause(Plan plan, PlanTarget target) =>
        "mục " + (plan.Targets.FirstOrDefault(t => $"{plan.Id}/{t.Id}" == target.Id)?.Clause ?? "?");

    private static string StatusWord(TargetStatus status) => status switch
    {
        TargetStatus.Achieved => "đạt chỉ tiêu",
        TargetStatus.OnTrack => "đúng lộ trình",
        TargetStatus.Behind => "chậm so với lộ trình",
        TargetStatus.Missed => "không đạt chỉ tiêu",
        _ => "chưa đủ số liệu để đánh giá",
    };

    private static Table HeaderBlock(ReviewReport report)
    {
        var left = new List<Paragraph>();
        if (Superior(report) is { } superior)
            left.Add(Para(new[] { R(superior, size: 26) }, center: true, after: 0));
        left.Add(Para(new[] { R(Issuer(report), bold: true, size: 26) }, center: true, after: 0));
        left.Add(Para(new[] { R("_______", size: 26) }, center: true, after: 120));
        left.Add(Para(new[] { R("Số:        /BC-" + (report.BodyName is null ? "UBND" : "…"), size: 26) }, center: true));
        var right = new List<Paragraph>
        {
            Para(new[] { R("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold: true, size: 26) }, center: true, after: 0),
            Para(new[] { R("Độc lập - Tự do - Hạnh phúc", bold: true, size: 28, underline: true) }, center: true, after: 120),
            Para(new[] { R($"{Place(report)}, ngày      tháng      năm {report.Year.ToString(CultureInfo.InvariantCulture)}", italic: true) }, center: true),
        };
        return TwoColumns(left, right, 3600, 5800);
    }

    /// <summary>The place name of the date line (địa danh): the province's name for a province or a body, else the unit's.</summary>
    public static string Place(ReviewReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report.Unit.Name;
    }

    private static Table SignatureBlock(ReviewReport report)
    {
        var recipients = new List<Paragraph>
        {
            Para(new[] { R("Nơi nhận:", bold: true, italic: true, size: 24) }, after: 0),
        };
        if (report.Route is { } route)
            recipients.Add(Para(new[] { R($"- {route.To} (b/c);", size: 22) }, after: 0));
        recipients.Add(Para(new[] { R("- Lưu: VT.", size: 22) }, after: 0));
        var signer = report.BodyName is null ? new[] { "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH" } : ["THỦ TRƯỞNG CƠ QUAN"];
        var sign = signer.Select(s => Para(new[] { R(s, bold: true) }, center: true, after: 0)).ToList();
        sign.Add(Para(new[] { R("(Ký tên, đóng dấu)", italic: true) }, center: true, after: 1200));
        var name = R("[Họ và tên người ký]", bold: true);
        name.RunProperties!.Append(new Highlight { Val = HighlightColorValues.Yellow });
        sign.Add(Para(new[] { name }, center: true));
        return TwoColumns(recipients, sign, 4700, 4700);
    }

    private static Table TwoColumns(List<Paragraph> left, List<Paragraph> right, int leftWidth, int rightWidth)
    {
        var none = new TableBorders(
            new TopBorder { Val = BorderValues.None }, new LeftBorder { Val = BorderValues.None },
            new BottomBorder { Val = BorderValues.None }, new RightBorder { Val = BorderValues.None },
            new InsideHorizontalBorder { Val = BorderValues.None }, new InsideVerticalBorder { Val = BorderValues.None });
        var table = new Table(new TableProperties(new TableWidth { Width = "0", Type = TableWidthUnitValues.Auto }, none, new TableLayout { Type = TableLayoutValues.Fixed }),
            new TableGrid(new GridColumn { Width = leftWidth.ToString(CultureInfo.InvariantCulture) }, new GridColumn { Width = rightWidth.ToString(CultureInfo.InvariantCulture) }));
        table.Append(new TableRow(
            new TableCell(new TableCellProperties(new TableCellWidth { Width = leftWidth.ToString(CultureInfo.InvariantCulture), Type = TableWidthUnitValues.Dxa })) { }.With(left),
            new TableCell(new TableCellProperties(new TableCellWidth { Width = rightWidth.ToString(CultureInfo.InvariantCulture), Type = TableWidthUnitValues.Dxa })) { }.With(right)));
        return table;
    }

    private static TableCell With(this TableCell cell, List<Paragraph> paragraphs)
    {
        cell.Append(paragraphs);
        return cell;
    }

    private static Table Table(IReadOnlyList<string> header, IEnumerable<string[]> rows)
    {
        var border = (BorderValues)BorderValues.Single;
        var borders = new TableBorders(
            new TopBorder { Val = border, Size = 4 }, new LeftBorder { Val = border, Size = 4 },
            new BottomBorder { Val = border, Size = 4 }, new RightBorder { Val = border, Size = 4 },
            new InsideHorizontalBorder { Val = border, Size = 4 }, new InsideVerticalBorder { Val = border, Size = 4 });
        var table = new Table(new TableProperties(new TableWidth { Width = "5000", Type = TableWidthUnitValues.Pct }, borders));
        var grid = new TableGrid();
        for (var i = 0; i < header.Count; i++) grid.Append(new GridColumn());
        table.Append(grid);
        table.Append(Row(header, bold: true));
        foreach (var row in rows)
            table.Append(Row(row, bold: false));
        return table;
    }

    private static TableRow Row(IEnumerable<string> cells, bool bold)
    {
        var row = new TableRow();
        if (bold) row.Append(new TableRowProperties(new TableHeader()));
        var first = true;
        foreach (var text in cells)
        {
            row.Append(new TableCell(Para(new[] { R(text, bold: bold, size: TableSize) }, center: !first || bold, after: 0)));
            first = false;
        }
        return row;
    }

    private static Paragraph Heading(OutlineSection section, int depth)
    {
        var number = depth switch { 0 => section.Number + ". ", 1 => section.Number + ". ", _ => section.Number + ") " };
        var style = "Heading" + Math.Min(depth + 1, 3).ToString(CultureInfo.InvariantCulture);
        var p = Para(new[] { R(number + section.Title, bold: depth < 2, italic: depth >= 2) }, justify: true, indent: true);
        p.ParagraphProperties!.PrependChild(new ParagraphStyleId { Val = style });
        return p;
    }

    private static Paragraph Caption(string text) => Para(new[] { R(text, bold: true, italic: true, size: TableSize) }, center: true, before: 120, after: 60);

    /// <summary>A prompt of the outline: italic, highlighted, after <see cref="PromptMark"/>; styled "Prompt" so that tests and authors find them.</summary>
    private static Paragraph Prompt(string text)
    {
        var run = R(PromptMark + text, italic: true);
        run.RunProperties!.Append(new Highlight { Val = HighlightColorValues.Yellow });
        var p = Para(new[] { run }, justify: true, indent: true);
        p.ParagraphProperties!.PrependChild(new ParagraphStyleId { Val = "Prompt" });
        return p;
    }

    private static Paragraph Para(IEnumerable<Run> runs, bool center = false, bool justify = false, bool indent = false, int before = 0, int after = 120)
    {
        var props = new ParagraphProperties(
            new SpacingBetweenLines { Before = before.ToString(CultureInfo.InvariantCulture), After = after.ToString(CultureInfo.InvariantCulture), Line = "276", LineRule = LineSpacingRuleValues.Auto });
        if (indent) props.Append(new Indentation { FirstLine = "567" });
        props.Append(new Justification { Val = center ? JustificationValues.Center : justify ? JustificationValues.Both : JustificationValues.Left });
        var p = new Paragraph(props);
        p.Append(runs);
        return p;
    }

    private static Run R(string text, bool bold = false, bool italic = false, int size = BodySize, bool underline = false)
    {
        var props = new RunProperties(new RunFonts { Ascii = Font, HighAnsi = Font, ComplexScript = Font, EastAsia = Font });
        if (bold) props.Append(new Bold());
        if (italic) props.Append(new Italic());
        props.Append(new FontSize { Val = size.ToString(CultureInfo.InvariantCulture) });
        if (underline) props.Append(new Underline { Val = UnderlineValues.Single });
        return new Run(props, new Text(text) { Space = SpaceProcessingModeValues.Preserve });
    }

    private static void AddStyles(MainDocumentPart main)
    {
        var styles = main.AddNewPart<StyleDefinitionsPart>();
        var fonts = new RunFonts { Ascii = Font, HighAnsi = Font, ComplexScript = Font, EastAsia = Font };
        styles.Styles = new Styles(
            new DocDefaults(
                new RunPropertiesDefault(new RunPropertiesBaseStyle(fonts, new FontSize { Val = BodySize.ToString(CultureInfo.InvariantCulture) }, new Languages { Val = "vi-VN" })),
                new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle(new SpacingBetweenLines { After = "120" }))),
            new Style(new StyleName { Val = "Normal" }) { Type = StyleValues.Paragraph, StyleId = "Normal", Default = true },
            HeadingStyle(1), HeadingStyle(2), HeadingStyle(3),
            new Style(new StyleName { Val = "Prompt" }, new BasedOn { Val = "Normal" }) { Type = StyleValues.Paragraph, StyleId = "Prompt", CustomStyle = true });
    }

    private static Style HeadingStyle(int level) =>
        new(new StyleName { Val = "heading " + level.ToString(CultureInfo.InvariantCulture) }, new BasedOn { Val = "Normal" },
            new StyleParagraphProperties(new KeepNext(), new OutlineLevel { Val = level - 1 }))
        { Type = StyleValues.Paragraph, StyleId = "Heading" + level.ToString(CultureInfo.InvariantCulture) };

    private static void AddPageNumbers(MainDocumentPart main, Body body)
    {
        var header = main.AddNewPart<HeaderPart>();
        var run = (string instr) => new SimpleField(R("1", size: TableSize)) { Instruction = instr };
        header.Header = new Header(new Paragraph(new ParagraphProperties(new Justification { Val = JustificationValues.Center }), run(" PAGE ")));
        var firstHeader = main.AddNewPart<HeaderPart>();
        firstHeader.Header = new Header(new Paragraph());
        body.Append(new SectionProperties(
            new HeaderReference { Type = HeaderFooterValues.Default, Id = main.GetIdOfPart(header) },
            new HeaderReference { Type = HeaderFooterValues.First, Id = main.GetIdOfPart(firstHeader) },
            new PageSize { Width = 11906U, Height = 16838U },
            new PageMargin { Top = TopMargin, Bottom = BottomMargin, Left = (uint)LeftMargin, Right = (uint)RightMargin, Header = 567U, Footer = 567U, Gutter = 0U },
            new TitlePage()));
    }
}
