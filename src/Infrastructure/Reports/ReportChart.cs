using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using NoOneLeftBehind.Domain.Reports;
using A = DocumentFormat.OpenXml.Drawing;
using C = DocumentFormat.OpenXml.Drawing.Charts;
using DW = DocumentFormat.OpenXml.Drawing.Wordprocessing;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace NoOneLeftBehind.Infrastructure.Reports;

/// <summary>
/// The poor-rate chart of a report as a native DrawingML chart part (a line of the poor rate per year, with the values in
/// its cache): Word and LibreOffice draw it themselves, so nothing is rasterised here and no font is needed on the server,
/// and the author can restyle it.
/// </summary>
public static class ReportChart
{
    /// <summary>The chart's series name.</summary>
    public const string SeriesName = "Tỷ lệ hộ nghèo (%)";

    /// <summary>Adds the chart part to <paramref name="main"/> and returns the paragraph that shows it.</summary>
    public static W.Paragraph Add(MainDocumentPart main, ReviewReport report)
    {
        ArgumentNullException.ThrowIfNull(main);
        ArgumentNullException.ThrowIfNull(report);
        var part = main.AddNewPart<ChartPart>();
        var years = report.Poverty.Select(p => p.Year.ToString(CultureInfo.InvariantCulture)).ToList();
        var values = report.Poverty.Select(p => Math.Round(p.PoorRate, 2, MidpointRounding.AwayFromZero).ToString(CultureInfo.InvariantCulture)).ToList();

        var categories = new C.StringCache(new C.PointCount { Val = (uint)years.Count });
        for (var i = 0; i < years.Count; i++) categories.Append(new C.StringPoint(new C.NumericValue(years[i])) { Index = (uint)i });
        var numbers = new C.NumberingCache(new C.FormatCode("0.00"), new C.PointCount { Val = (uint)values.Count });
        for (var i = 0; i < values.Count; i++) numbers.Append(new C.NumericPoint(new C.NumericValue(values[i])) { Index = (uint)i });

        var series = new C.LineChartSeries(
            new C.Index { Val = 0U }, new C.Order { Val = 0U },
            new C.SeriesText(new C.StringReference(new C.Formula("Sheet1!$B$1"), new C.StringCache(new C.PointCount { Val = 1U }, new C.StringPoint(new C.NumericValue(SeriesName)) { Index = 0U }))),
            new C.ChartShapeProperties(new A.Outline(new A.SolidFill(new A.RgbColorModelHex { Val = "1F4E79" })) { Width = 28575 }),
            new C.Marker(new C.Symbol { Val = C.MarkerStyleValues.Circle }, new C.Size { Val = 7 }),
            new C.DataLabels(new C.ShowLegendKey { Val = false }, new C.ShowValue { Val = true }, new C.ShowCategoryName { Val = false }, new C.ShowSeriesName { Val = false }, new C.ShowPercent { Val = false }, new C.ShowBubbleSize { Val = false }),
            new C.CategoryAxisData(new C.StringReference(new C.Formula($"Sheet1!$A$2:$A${years.Count + 1}"), categories)),
            new C.Values(new C.NumberReference(new C.Formula($"Sheet1!$B$2:$B${values.Count + 1}"), numbers)),
            new C.Smooth { Val = false });

        var line = new C.LineChart(new C.Grouping { Val = C.GroupingValues.Standard }, new C.VaryColors { Val = false }, series,
            new C.ShowMarker { Val = true }, new C.AxisId { Val = 1U }, new C.AxisId { Val = 2U });
        var categoryAxis = new C.CategoryAxis(new C.AxisId { Val = 1U }, new C.Scaling(new C.Orientation { Val = C.OrientationValues.MinMax }),
            new C.Delete { Val = false }, new C.AxisPosition { Val = C.AxisPositionValues.Bottom }, new C.TickLabelPosition { Val = C.TickLabelPositionValues.NextTo },
            new C.CrossingAxis { Val = 2U }, new C.Crosses { Val = C.CrossesValues.AutoZero }, new C.AutoLabeled { Val = true },
            new C.LabelAlignment { Val = C.LabelAlignmentValues.Center }, new C.LabelOffset { Val = 100 });
        var valueAxis = new C.ValueAxis(new C.AxisId { Val = 2U }, new C.Scaling(new C.Orientation { Val = C.OrientationValues.MinMax }, new C.MinAxisValue { Val = 0 }),
            new C.Delete { Val = false }, new C.AxisPosition { Val = C.AxisPositionValues.Left }, new C.MajorGridlines(),
            new C.NumberingFormat { FormatCode = "0.0", SourceLinked = false }, new C.TickLabelPosition { Val = C.TickLabelPositionValues.NextTo },
            new C.CrossingAxis { Val = 1U }, new C.Crosses { Val = C.CrossesValues.AutoZero }, new C.CrossBetween { Val = C.CrossBetweenValues.Between });

        part.ChartSpace = new C.ChartSpace(
            new C.EditingLanguage { Val = "vi-VN" },
            new C.RoundedCorners { Val = false },
            new C.Chart(
                new C.Title(new C.ChartText(new C.RichText(new A.BodyProperties(), new A.ListStyle(),
                    new A.Paragraph(new A.Run(new A.RunProperties { Language = "vi-VN", FontSize = 1200, Bold = true }, new A.Text(SeriesName))))), new C.Overlay { Val = false }),
                new C.AutoTitleDeleted { Val = false },
                new C.PlotArea(new C.Layout(), line, categoryAxis, valueAxis),
                new C.Legend(new C.LegendPosition { Val = C.LegendPositionValues.Bottom }, new C.Overlay { Val = false }),
                new C.PlotVisibleOnly { Val = true }));
        part.ChartSpace.AddNamespaceDeclaration("c", "http://schemas.openxmlformats.org/drawingml/2006/chart");
        part.ChartSpace.AddNamespaceDeclaration("a", "http://schemas.openxmlformats.org/drawingml/2006/main");
        part.ChartSpace.AddNamespaceDeclaration("r", "http://schemas.openxmlformats.org/officeDocument/2006/relationships");
        part.ChartSpace.Save();

        const long width = 5486400L, height = 3017520L; // 15.24 cm × 8.38 cm in EMU
        var id = main.GetIdOfPart(part);
        var drawing = new W.Drawing(new DW.Inline(
            new DW.Extent { Cx = width, Cy = height },
            new DW.EffectExtent { LeftEdge = 0L, TopEdge = 0L, RightEdge = 0L, BottomEdge = 0L },
            new DW.DocProperties { Id = 1U, Name = "Biểu đồ tỷ lệ hộ nghèo" },
            new DW.NonVisualGraphicFrameDrawingProperties(),
            new A.Graphic(new A.GraphicData(new C.ChartReference { Id = id }) { Uri = "http://schemas.openxmlformats.org/drawingml/2006/chart" }))
        { DistanceFromTop = 0U, DistanceFromBottom = 0U, DistanceFromLeft = 0U, DistanceFromRight = 0U });
        return new W.Paragraph(new W.ParagraphProperties(new W.Justification { Val = W.JustificationValues.Center }), new W.Run(drawing));
    }
}
