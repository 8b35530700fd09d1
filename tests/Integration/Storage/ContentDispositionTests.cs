using NoOneLeftBehind.Infrastructure.Storage.Blobs;

namespace NoOneLeftBehind.Integration.Tests.Storage;

/// <summary>The Content-Disposition the server signs into read links (the SAS itself is the SDK's BlobSasBuilder).</summary>
public sealed class ContentDispositionTests
{
    [Theory]
    [InlineData("báo cáo thành tích.pdf", "attachment; filename=\"bao cao thanh tich.pdf\"; filename*=UTF-8''b%C3%A1o%20c%C3%A1o%20th%C3%A0nh%20t%C3%ADch.pdf")] // Vietnamese diacritics
    [InlineData("Đơn \"x\".docx", "attachment; filename=\"Don _x_.docx\"; filename*=UTF-8''%C4%90%C6%A1n%20%22x%22.docx")] // đ has no decomposition; quotes cannot stay inside the quoted name
    [InlineData("hoadon\u202Efdp\u200D.exe", "attachment; filename=\"hoadonfdp.exe\"; filename*=UTF-8''hoadonfdp.exe")] // a stored name with a right-to-left override (and a ZWJ): stripped, not just escaped
    public void AttachmentDisposition_GivesAsciiFallbackAndExactUtf8Name(string fileName, string expected) =>
        ContentDispositions.AttachmentDisposition(fileName).ShouldBe(expected);
}
