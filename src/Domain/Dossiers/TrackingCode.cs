using System.Security.Cryptography;
using System.Text;

namespace NoOneLeftBehind.Domain.Dossiers;

/// <summary>
/// The short code a clerk reads over the phone instead of the 38-character id (issue 17, item 8), as the public-service
/// portal gives a "mã hồ sơ": <c>HS-K7Q4-9XM2</c> — eight characters from an alphabet without look-alikes (no 0/O,
/// 1/I/L), 40 random bits, made unique by the store that reserves it (Infrastructure <c>TrackingCodeStore</c>).
/// Dossiers created before have none (shown as none; found by their id).
/// </summary>
public static class TrackingCode
{
    /// <summary>The characters a code is made of.</summary>
    public const string Alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

    /// <summary>A new random code, e.g. <c>HS-K7Q4-9XM2</c>.</summary>
    public static string New()
    {
        Span<char> chars = stackalloc char[8];
        for (var i = 0; i < chars.Length; i++) chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        return $"HS-{chars[..4]}-{chars[4..]}";
    }

    /// <summary>
    /// The code as typed, for comparing: upper case, without the prefix, spaces and hyphens ("hs k7q4 9xm2" →
    /// "K7Q49XM2"); null when it is not eight characters of the alphabet.
    /// </summary>
    public static string? Normalize(string? typed)
    {
        if (string.IsNullOrWhiteSpace(typed)) return null;
        var builder = new StringBuilder(12);
        foreach (var c in typed.ToUpperInvariant())
        {
            if (char.IsLetterOrDigit(c)) builder.Append(c);
        }
        var text = builder.ToString();
        if (text.StartsWith("HS", StringComparison.Ordinal) && text.Length == 10) text = text[2..];
        return text.Length == 8 && text.All(c => Alphabet.Contains(c, StringComparison.Ordinal)) ? text : null;
    }
}
