using BenchmarkDotNet.Attributes;
using NoOneLeftBehind.Domain.Plans;
using NoOneLeftBehind.Domain.Reports;
using NoOneLeftBehind.Domain.Statistics;
using NoOneLeftBehind.Domain.Statistics.Generation;
using NoOneLeftBehind.Domain.Units;
using NoOneLeftBehind.Infrastructure.Reports;
using NoOneLeftBehind.TestSupport.Reports;

namespace NoOneLeftBehind.Benchmarks.Reports;

/// <summary>
/// Issue 18: a province's draft report — Tuyên Quang's tổng kết 2020 (plan 112/KH-UBND, 2016–2020): its 137 communes (2020) × 6 years
/// (baseline 2015 to 2020) added up, the targets evaluated, its districts listed, written as DOCX with the chart.
/// </summary>
[MemoryDiagnoser]
public class ReportBenchmarks
{
    private ReviewReportBuilder _builder = null!;
    private ReportRequest _request = null!;

    /// <summary>The sample: the province's figures only (what a store returns for it).</summary>
    public static ReportTestData TuyenQuang()
    {
        var registry = UnitRegistry.Embedded;
        var figures = new PovertyFigureGenerator(registry).Generate(2015, 2020, seed: 18)
            .Where(f => registry.IsWithin(f.Unit, UnitCode.Parse("08"), ReviewCalendar.ReferenceDate(f.Year))).ToList();
        return new ReportTestData(registry, figures, []);
    }

    [GlobalSetup]
    public void Setup()
    {
        var data = TuyenQuang();
        _builder = data.Builder();
        _request = new ReportRequest("tuyen-quang-2016-2020", new ReportStage(StageKind.Final, 2020), UnitCode.Parse("08"));
        var communes = data.AllFigures.Where(f => f.Year == 2020).Count();
        if (communes < 100 || data.AllFigures.Select(f => f.Year).Distinct().Count() != 6)
            throw new InvalidOperationException($"Expected about 100+ communes × 6 years, got {communes} communes.");
    }

    [Benchmark(Description = "Province report: build model + write DOCX (Tuyên Quang, 137 communes × 6 years)")]
    public async Task<long> BuildAndWrite()
    {
        var report = await _builder.BuildAsync(_request).ConfigureAwait(false);
        using var stream = new MemoryStream();
        ReviewReportDocx.Write(report, stream);
        return stream.Length;
    }

    /// <summary>Writes sample reports (<c>report-sample &lt;dir&gt;</c>): Bắc Giang's province sơ kết 2023 and Tuyên Quang's tổng kết 2020.</summary>
    public static async Task<int> WriteSamplesAsync(string[] args)
    {
        var dir = args.FirstOrDefault() ?? ".";
        Directory.CreateDirectory(dir);
        var bacGiang = new ReportTestData(UnitRegistry.Embedded, ReportTestData.Figures, ReportTestData.BacGiangNominations());
        foreach (var (data, request, name) in new[]
        {
            (bacGiang, new ReportRequest("bac-giang-so-ket-2023", new ReportStage(StageKind.MidTerm, 2023), UnitCode.Parse("24")), "bao-cao-so-ket-2023-bac-giang.docx"),
            (bacGiang, new ReportRequest("bac-giang-so-ket-2023", new ReportStage(StageKind.MidTerm, 2023), UnitCode.Parse("213")), "bao-cao-so-ket-2023-tp-bac-giang.docx"),
            (TuyenQuang(), new ReportRequest("tuyen-quang-2016-2020", new ReportStage(StageKind.Final, 2020), UnitCode.Parse("08")), "bao-cao-tong-ket-2020-tuyen-quang.docx"),
        })
        {
            var report = await data.Builder().BuildAsync(request).ConfigureAwait(false);
            await using var file = File.Create(Path.Combine(dir, name));
            ReviewReportDocx.Write(report, file);
            Console.WriteLine(Path.Combine(dir, name));
        }
        return 0;
    }
}
