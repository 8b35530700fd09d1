using NoOneLeftBehind.Infrastructure.Storage.Blobs;
using NoOneLeftBehind.Infrastructure.Storage.Core;

namespace NoOneLeftBehind.Integration.Tests.Storage;

/// <summary>SAS strings-to-sign written out from the documented field order (service SAS and user-delegation SAS, 2020-12-06+).</summary>
public sealed class BlobSasTests
{
    private static readonly BlobSasParameters Parameters = new(
        "myaccount", "dossiers", "2025/hồ sơ.pdf", "r",
        new DateTimeOffset(2025, 3, 4, 5, 6, 7, 890, TimeSpan.Zero), "2025-01-05",
        StartsOn: null, Protocol: "https", ContentDisposition: "attachment; filename=\"a.pdf\"");

    [Fact]
    public void ServiceStringToSign_HasSixteenFieldsInDocumentedOrder()
    {
        var actual = BlobSas.ServiceStringToSign(Parameters);

        actual.ShouldBe(string.Join('\n',
            "r",                                   // sp
            "",                                    // st
            "2025-03-04T05:06:07Z",                // se, whole seconds
            "/blob/myaccount/dossiers/2025/hồ sơ.pdf", // canonicalized resource: unencoded name
            "",                                    // si
            "",                                    // sip
            "https",                               // spr
            "2025-01-05",                          // sv
            "b",                                   // sr
            "",                                    // snapshot time
            "",                                    // ses
            "",                                    // rscc
            "attachment; filename=\"a.pdf\"",      // rscd
            "",                                    // rsce
            "",                                    // rscl
            ""));                                  // rsct
    }

    [Fact]
    public void UserDelegationStringToSign_InsertsKeyFieldsAfterResource()
    {
        var key = new UserDelegationKey("oid-1", "tid-1",
            new DateTimeOffset(2025, 3, 4, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 3, 5, 0, 0, 0, TimeSpan.Zero),
            "b", "2025-01-05", Convert.ToBase64String(new byte[32]));

        var actual = BlobSas.UserDelegationStringToSign(Parameters with { Permissions = "cw", ContentDisposition = null }, key);

        actual.ShouldBe(string.Join('\n',
            "cw", "", "2025-03-04T05:06:07Z", "/blob/myaccount/dossiers/2025/hồ sơ.pdf",
            "oid-1", "tid-1", "2025-03-04T00:00:00Z", "2025-03-05T00:00:00Z", "b", "2025-01-05", // skoid sktid skt ske sks skv
            "", "", "",                            // saoid suoid scid
            "", "https", "2025-01-05", "b", "", "", // sip spr sv sr snapshot ses
            "", "", "", "", ""));                  // rscc rscd rsce rscl rsct
    }

    [Fact]
    public void ServiceSasQuery_CarriesSignedFieldsAndAVerifiableSignature()
    {
        var credential = new StorageSharedKeyCredential("myaccount", Convert.ToBase64String(new byte[64]));

        var query = BlobSas.ServiceSasQuery(Parameters, credential);

        var fields = query.Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1]));
        fields["sv"].ShouldBe("2025-01-05");
        fields["sr"].ShouldBe("b");
        fields["sp"].ShouldBe("r");
        fields["spr"].ShouldBe("https");
        fields["se"].ShouldBe("2025-03-04T05:06:07Z");
        fields["rscd"].ShouldBe("attachment; filename=\"a.pdf\"");
        fields.ShouldNotContainKey("st");
        fields["sig"].ShouldBe(credential.Sign(BlobSas.ServiceStringToSign(Parameters)));
    }

    [Theory]
    [InlineData("báo cáo thành tích.pdf", "attachment; filename=\"bao cao thanh tich.pdf\"; filename*=UTF-8''b%C3%A1o%20c%C3%A1o%20th%C3%A0nh%20t%C3%ADch.pdf")] // Vietnamese diacritics
    [InlineData("Đơn \"x\".docx", "attachment; filename=\"Don _x_.docx\"; filename*=UTF-8''%C4%90%C6%A1n%20%22x%22.docx")] // đ has no decomposition; quotes cannot stay inside the quoted name
    [InlineData("hoadon\u202Efdp\u200D.exe", "attachment; filename=\"hoadonfdp.exe\"; filename*=UTF-8''hoadonfdp.exe")] // a stored name with a right-to-left override (and a ZWJ): stripped, not just escaped
    public void AttachmentDisposition_GivesAsciiFallbackAndExactUtf8Name(string fileName, string expected) =>
        BlobSas.AttachmentDisposition(fileName).ShouldBe(expected);
}
