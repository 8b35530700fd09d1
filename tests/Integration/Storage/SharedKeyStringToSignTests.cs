using NoOneLeftBehind.Infrastructure.Storage.Core;

namespace NoOneLeftBehind.Integration.Tests.Storage;

/// <summary>
/// The strings-to-sign against the rules of "Authorize with Shared Key": examples written out by hand from the
/// documented layout, not produced by the code under test.
/// </summary>
public sealed class SharedKeyStringToSignTests
{
    private const string Date = "Fri, 26 Jun 2015 23:39:12 GMT";

    [Fact]
    public void ForBlobOrQueue_PutBlockOnPathStyleUri_FollowsDocumentedLayout()
    {
        var uri = new Uri("http://127.0.0.1:10000/devstoreaccount1/mycontainer/my%20file.txt?comp=block&blockid=YWJj%2BZA%3D%3D");
        var headers = new Dictionary<string, string>
        {
            ["Content-Length"] = "11",
            ["Content-Type"] = "text/plain; charset=UTF-8",
            ["x-ms-date"] = Date,
            ["x-ms-version"] = "2025-01-05",
            ["x-ms-client-request-id"] = "abc",
            ["X-MS-Meta-Owner"] = "  unit540 ",
            ["User-Agent"] = "not signed",
        };

        var actual = SharedKeyStringToSign.ForBlobOrQueue("put", uri, headers, "devstoreaccount1");

        // VERB, Content-Encoding, Content-Language, Content-Length, Content-MD5, Content-Type, Date,
        // If-Modified-Since, If-Match, If-None-Match, If-Unmodified-Since, Range, then x-ms-* sorted and lowercased
        // with trimmed values, then /account + path (the account twice on a path-style URI), then the query
        // parameters sorted, lowercased, URL-decoded.
        actual.ShouldBe(
            "PUT\n\n\n11\n\ntext/plain; charset=UTF-8\n\n\n\n\n\n\n" +
            "x-ms-client-request-id:abc\n" +
            "x-ms-date:" + Date + "\n" +
            "x-ms-meta-owner:unit540\n" +
            "x-ms-version:2025-01-05\n" +
            "/devstoreaccount1/devstoreaccount1/mycontainer/my%20file.txt\n" +
            "blockid:YWJj+ZA==\n" +
            "comp:block");
    }

    [Fact]
    public void ForBlobOrQueue_ZeroContentLengthAndConditionalHeaders_LeavesLengthEmptyAndSignsConditions()
    {
        var uri = new Uri("https://myaccount.queue.core.windows.net/myqueue/messages?visibilitytimeout=30&numofmessages=32");
        var headers = new Dictionary<string, string>
        {
            ["Content-Length"] = "0",
            ["If-Match"] = "\"0x8D\"",
            ["x-ms-range"] = "bytes=0-9",
            ["Range"] = "bytes=0-9",
            ["x-ms-date"] = Date,
        };

        var actual = SharedKeyStringToSign.ForBlobOrQueue("GET", uri, headers, "myaccount");

        actual.ShouldBe(
            "GET\n\n\n\n\n\n\n\n\"0x8D\"\n\n\nbytes=0-9\n" +
            "x-ms-date:" + Date + "\n" +
            "x-ms-range:bytes=0-9\n" +
            "/myaccount/myqueue/messages\n" +
            "numofmessages:32\n" +
            "visibilitytimeout:30");
    }

    [Fact]
    public void ForBlobOrQueue_RepeatedQueryParameter_JoinsSortedValuesWithCommas()
    {
        var uri = new Uri("https://myaccount.blob.core.windows.net/c?restype=container&comp=list&include=snapshots&include=metadata");

        var actual = SharedKeyStringToSign.ForBlobOrQueue("GET", uri, new Dictionary<string, string>(), "myaccount");

        actual.ShouldEndWith("/myaccount/c\ncomp:list\ninclude:metadata,snapshots\nrestype:container");
    }

    [Fact]
    public void ForTable_UsesMsDateAndOnlyCompFromQuery()
    {
        var uri = new Uri("http://127.0.0.1:10002/devstoreaccount1/mytable()?$filter=PartitionKey%20eq%20%27a%27&$top=5");
        var headers = new Dictionary<string, string>
        {
            ["Content-Type"] = "application/json",
            ["x-ms-date"] = Date,
            ["Date"] = "Thu, 01 Jan 1970 00:00:00 GMT",
            ["x-ms-version"] = "2025-01-05",
        };

        var actual = SharedKeyStringToSign.ForTable("GET", uri, headers, "devstoreaccount1");

        // VERB, Content-MD5, Content-Type, date (x-ms-date wins over Date), canonicalized resource; no x-ms-* headers.
        actual.ShouldBe("GET\n\napplication/json\n" + Date + "\n/devstoreaccount1/devstoreaccount1/mytable()");
    }

    [Fact]
    public void ForTable_WithCompParameter_AppendsIt()
    {
        var uri = new Uri("https://myaccount.table.core.windows.net/mytable?comp=acl");

        var actual = SharedKeyStringToSign.ForTable("GET", uri, new Dictionary<string, string> { ["x-ms-date"] = Date }, "myaccount");

        actual.ShouldBe("GET\n\n\n" + Date + "\n/myaccount/mytable?comp=acl");
    }

    [Fact]
    public void Sign_IsBase64HmacSha256OfUtf8WithDecodedKey()
    {
        var key = Convert.ToBase64String("0123456789abcdef0123456789abcdef"u8.ToArray());
        var credential = new StorageSharedKeyCredential("acct", key);

        var signature = credential.Sign("GET\n\nđ");

        var expected = Convert.ToBase64String(System.Security.Cryptography.HMACSHA256.HashData(
            "0123456789abcdef0123456789abcdef"u8.ToArray(), System.Text.Encoding.UTF8.GetBytes("GET\n\nđ")));
        signature.ShouldBe(expected);
        credential.ToString().ShouldNotContain(key);
    }
}
