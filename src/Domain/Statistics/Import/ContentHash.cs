using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace NoOneLeftBehind.Domain.Statistics.Import;

/// <summary>
/// The SHA-256 of an imported file's bytes: the same file imported twice has the same hash, so the
/// repeat is detectable; it also names the batch's stored version ("sha256-" + 64 lowercase hex digits).
/// </summary>
public readonly record struct ContentHash
{
    private const string Prefix = "sha256-";
    private readonly string? _hex;

    private ContentHash(string hex) => _hex = hex;

    /// <summary>The hash as 64 lowercase hexadecimal digits.</summary>
    public string Hex => _hex ?? string.Empty;

    /// <summary>Hashes <paramref name="content"/>.</summary>
    /// <param name="content">The file's bytes.</param>
    /// <returns>The hash.</returns>
    public static ContentHash Of(ReadOnlySpan<byte> content) =>
        new(Convert.ToHexStringLower(SHA256.HashData(content)));

    /// <summary>Reads a hash written by <see cref="ToString"/>.</summary>
    /// <param name="text">"sha256-" followed by 64 hexadecimal digits.</param>
    /// <param name="hash">The hash when the text is valid.</param>
    /// <returns><see langword="true"/> when the text is valid.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, out ContentHash hash)
    {
        hash = default;
        if (text is null || !text.StartsWith(Prefix, StringComparison.Ordinal) || text.Length != Prefix.Length + 64)
            return false;
        var hex = text[Prefix.Length..];
        if (!hex.All(char.IsAsciiHexDigitLower))
            return false;
        hash = new ContentHash(hex);
        return true;
    }

    /// <summary>"sha256-" followed by the hex digits; usable as a storage key.</summary>
    /// <returns>The text form.</returns>
    public override string ToString() => Prefix + Hex;
}
