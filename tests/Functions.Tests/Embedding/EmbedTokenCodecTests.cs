using System.Security.Cryptography;
using System.Text;
using NoOneLeftBehind.Functions.Embedding;

namespace NoOneLeftBehind.Functions.Tests.Embedding;

public sealed class EmbedTokenCodecTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);

    private static EmbedGrant Grant(int seconds = 600) =>
        new(Guid.NewGuid(), "poverty", "52", "https://cong.example.gov.vn", Now, Now.AddSeconds(seconds), "tid_oid");

    [Fact]
    public void RoundTrip_KeepsEveryField_UntilTheExpirySecond()
    {
        var codec = new EmbedTokenCodec(Key);
        var grant = Grant();
        var token = codec.Encode(grant);
        token.ShouldStartWith(EmbedTokenCodec.Prefix);
        codec.TryDecode(token, Now.AddSeconds(599), out var read).ShouldBe(EmbedTokenError.None);
        read.ShouldBe(grant);
        codec.TryDecode(token, Now.AddSeconds(600), out _).ShouldBe(EmbedTokenError.Expired);
    }

    [Fact]
    public void AnotherKey_AlteredPayload_OrMalformedText_AreInvalid()
    {
        var codec = new EmbedTokenCodec(Key);
        var token = codec.Encode(Grant());
        new EmbedTokenCodec(RandomNumberGenerator.GetBytes(32)).TryDecode(token, Now, out _).ShouldBe(EmbedTokenError.Invalid);

        // The payload re-encoded with another unit but the old signature.
        var dot = token.LastIndexOf('.');
        var json = Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(token.AsSpan(EmbedTokenCodec.Prefix.Length, dot - EmbedTokenCodec.Prefix.Length)));
        json.ShouldContain("\"unit\":\"52\"");
        var forged = EmbedTokenCodec.Prefix + System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json.Replace("\"unit\":\"52\"", "\"unit\":\"01\"", StringComparison.Ordinal))) + token[dot..];
        codec.TryDecode(forged, Now, out var none).ShouldBe(EmbedTokenError.Invalid);
        none.ShouldBeNull();

        foreach (var bad in new[] { "", "e1.", "e1..", "e2." + token[3..], token + "x", token[..^2], "Bearer " + token, new string('a', 5000) })
            codec.TryDecode(bad, Now, out _).ShouldBe(EmbedTokenError.Invalid, bad.Length > 40 ? bad[..40] : bad);
    }

    [Fact]
    public void ShortKeys_AreRefused() =>
        Should.Throw<ArgumentException>(() => new EmbedTokenCodec(new byte[31]));

    [Fact]
    public void EmbeddableDashboards_AllowOnlyTheirOwnEndpoints()
    {
        EmbeddableDashboards.Allows("poverty", "statistics:unit").ShouldBeTrue();
        EmbeddableDashboards.Allows("poverty", "dossiers:counts").ShouldBeFalse();
        EmbeddableDashboards.Allows("nominations", "dossiers:counts").ShouldBeTrue();
        EmbeddableDashboards.Allows("nominations", "statistics:national").ShouldBeFalse();
        EmbeddableDashboards.Allows("poverty", "statistics:import").ShouldBeFalse();
        EmbeddableDashboards.Allows("poverty", "embedding:mint").ShouldBeFalse();
        EmbeddableDashboards.Allows("poverty", null).ShouldBeFalse();
        EmbeddableDashboards.Allows("unknown", "statistics:unit").ShouldBeFalse();
    }
}
