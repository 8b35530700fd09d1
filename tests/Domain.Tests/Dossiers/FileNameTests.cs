using System.Text.Json;
using NoOneLeftBehind.Domain.Dossiers;

namespace NoOneLeftBehind.Domain.Tests.Dossiers;

/// <summary>Security issue 13: the name of an evidence file (hidden characters, extension) and whether its content matches it.</summary>
public sealed class FileNameTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    [Theory]
    [InlineData("hoadon\u202Efdp.exe", "U+202E", "right-to-left override")] // RLO: shows as "hoadonexe.pdf"
    [InlineData("bien\u2066ban.pdf", "U+2066", "left-to-right isolate")] // LRI
    [InlineData("to\u200Dtrinh.pdf", "U+200D", "zero-width joiner")] // ZWJ: two names that look the same
    [InlineData("\uFEFFbao-cao.pdf", "U+FEFF", "byte order mark")] // BOM at the start
    [InlineData("bao-cao\u0000.pdf.exe", "U+0000", "null character")] // NUL: C strings end here
    [InlineData("a\u200Bb.pdf", "U+200B", "zero-width space")]
    [InlineData("a\u061Cb.pdf", "U+061C", "Arabic letter mark")]
    [InlineData("a\u2028b.pdf", "U+2028", "line separator")]
    [InlineData("a\u0007b.pdf", "U+0007", "control character")] // BEL, a C0 control
    [InlineData("a\U000E0001b.pdf", "U+E0001", "invisible format character")] // a tag character outside the BMP
    public void Check_HiddenCharacter_RefusedNamingTheCodePoint(string name, string codePoint, string english)
    {
        var (kept, problem) = FileName.Check(name);
        kept.ShouldBeNull();
        problem!.Code.ShouldBe("invalid-file-name");
        problem.Field.ShouldBe("fileName");
        problem.MessageEn.ShouldContain($"{codePoint} (");
        problem.MessageEn.ShouldContain(english);
        problem.MessageVi.ShouldContain(codePoint);
        // The message does not echo the hidden character back.
        problem.MessageEn.ShouldNotContain(name);
    }

    [Fact]
    public void Check_Rlo_MessageNamesItInVietnameseAndEnglish()
    {
        var problem = FileName.Check("hoadon\u202Efdp.exe").Problem!;
        problem.MessageVi.ShouldContain("U+202E (đảo chiều hiển thị / right-to-left override)");
        problem.MessageVi.ShouldContain("'hoadonfdp.exe'");
    }

    [Theory]
    [InlineData("Biên bản họp.pdf", "Biên bản họp.pdf")] // plain Vietnamese with spaces
    [InlineData("  Tờ trình số 15.PDF ", "Tờ trình số 15.PDF")] // trimmed; extension case does not matter
    [InlineData("C:\\Users\\x\\Ảnh.jpeg", "Ảnh.jpeg")] // a path is cut to its last part
    [InlineData("scan.jpg", "scan.jpg")]
    [InlineData("bang.xlsx", "bang.xlsx")]
    [InlineData("bao-cao.docx", "bao-cao.docx")]
    [InlineData("anh.png", "anh.png")]
    public void Check_OrdinaryName_Kept(string name, string expected)
    {
        var (kept, problem) = FileName.Check(name);
        problem.ShouldBeNull();
        kept.ShouldBe(expected);
    }

    [Theory]
    [InlineData(null, "invalid-file-name", "required")]
    [InlineData("   ", "invalid-file-name", "required")]
    [InlineData("dir/", "invalid-file-name", "1 to 200")] // nothing after the path
    [InlineData("virus.exe", "file-type-not-allowed", "extension '.exe'")]
    [InlineData("hoadon.pdf.exe", "file-type-not-allowed", "extension '.exe'")] // the last extension counts
    [InlineData("script.js", "file-type-not-allowed", "extension '.js'")]
    [InlineData("README", "file-type-not-allowed", "no extension")]
    [InlineData("archive.zip", "file-type-not-allowed", "extension '.zip'")] // FileKind has no plain zip
    public void Check_MissingOrUnallowed_Refused(string? name, string code, string reason)
    {
        var (kept, problem) = FileName.Check(name);
        kept.ShouldBeNull();
        problem!.Code.ShouldBe(code);
        problem.MessageEn.ShouldContain(reason);
        if (code == "file-type-not-allowed") problem.MessageEn.ShouldContain(".pdf, .docx, .xlsx, .jpg, .jpeg, .png");
    }

    [Fact]
    public void Check_TooLong_Refused() =>
        FileName.Check(new string('a', 197) + ".pdf").Problem!.Code.ShouldBe("invalid-file-name");

    [Fact]
    public void EveryFileKind_HasExtensions_TheAllowListIsFileKind()
    {
        foreach (var kind in Enum.GetValues<FileKind>())
        {
            FileName.ExtensionsOf(kind).ShouldNotBeEmpty();
            foreach (var extension in FileName.ExtensionsOf(kind)) FileName.DeclaredKind("x" + extension).ShouldBe(kind);
        }
        FileName.AllowedExtensions.ShouldBe([".pdf", ".docx", ".xlsx", ".jpg", ".jpeg", ".png"]);
    }

    [Theory]
    [InlineData("x.pdf", FileKind.Pdf)]
    [InlineData("x.PDF", FileKind.Pdf)] // case-insensitive
    [InlineData("x.png", FileKind.Png)]
    [InlineData("x.jpg", FileKind.Jpeg)]
    [InlineData("x.jpeg", FileKind.Jpeg)]
    [InlineData("x.docx", FileKind.Docx)]
    [InlineData("x.xlsx", FileKind.Xlsx)]
    public void ContentMismatch_ContentAsDeclared_Passes(string name, FileKind sniffed) =>
        FileName.ContentMismatch(name, sniffed, "files.1").ShouldBeNull();

    [Theory]
    [InlineData("x.pdf", FileKind.Png, "'x.pdf' holds PNG content, not PDF", "Tệp 'x.pdf' có nội dung PNG, không phải PDF")] // the probe's case
    [InlineData("anh.png", FileKind.Pdf, "'anh.png' holds PDF content, not PNG", "có nội dung PDF, không phải PNG")]
    [InlineData("anh.jpg", FileKind.Png, "'anh.jpg' holds PNG content, not JPEG", "có nội dung PNG, không phải JPEG")]
    [InlineData("bang.xlsx", FileKind.Docx, "'bang.xlsx' holds DOCX content, not XLSX", "có nội dung DOCX, không phải XLSX")] // told apart by the zip's parts
    [InlineData("bien-ban.docx", FileKind.Xlsx, "'bien-ban.docx' holds XLSX content, not DOCX", "có nội dung XLSX, không phải DOCX")]
    [InlineData("to-trinh.pdf", FileKind.Jpeg, "'to-trinh.pdf' holds JPEG content, not PDF", "có nội dung JPEG, không phải PDF")]
    [InlineData("cu.txt", FileKind.Pdf, "'cu.txt' holds PDF content, but its extension '.txt' is not one of PDF (.pdf)", "đuôi tệp '.txt' không phải của PDF")] // a name stored before extensions were checked
    public void ContentMismatch_OtherContent_RefusedNamingBoth(string name, FileKind sniffed, string english, string vietnamese)
    {
        var problem = FileName.ContentMismatch(name, sniffed, "files.1")!;
        problem.Code.ShouldBe("type-mismatch");
        problem.Field.ShouldBe("files.1");
        problem.MessageEn.ShouldContain(english);
        problem.MessageVi.ShouldContain(vietnamese);
    }

    [Theory]
    [InlineData("hoadon\u202Efdp.exe", "hoadonfdp.exe")]
    [InlineData("\uFEFFa\u200D\u2066b\u2069.pdf\u0000", "ab.pdf")]
    [InlineData("Biên bản họp.pdf", "Biên bản họp.pdf")]
    [InlineData("\u202E", "_")] // never empty
    public void Clean_StripsHiddenCharacters(string name, string expected) => FileName.Clean(name).ShouldBe(expected);

    [Fact]
    public void StoredFileWithHiddenCharacters_IsReadBackCleaned()
    {
        // A dossier saved before names were checked: its file name is shown cleaned wherever it is used.
        var json = """{"id":"1","componentId":"to-trinh","storedName":"d/1","originalName":"hoadon\u202Efdp.exe","addedAt":"2024-01-01T00:00:00Z"}""";
        var file = JsonSerializer.Deserialize<DossierFile>(json, Web)!;
        file.OriginalName.ShouldBe("hoadonfdp.exe");
        (file with { OriginalName = "x\u200Fy.pdf" }).OriginalName.ShouldBe("xy.pdf");
    }
}
