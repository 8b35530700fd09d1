using System.Text;
using NoOneLeftBehind.Infrastructure.Storage.Core;

namespace NoOneLeftBehind.Infrastructure.Storage.Blobs;

/// <summary>What a SAS for one blob grants. Times are truncated to whole seconds when signed.</summary>
public sealed record BlobSasParameters(
    string AccountName,
    string Container,
    string BlobName,
    string Permissions,
    DateTimeOffset ExpiresOn,
    string Version,
    DateTimeOffset? StartsOn = null,
    string? Protocol = null,
    string? ContentDisposition = null,
    string? ContentType = null);

/// <summary>
/// Service SAS (signed with the account key) and user-delegation SAS (signed with a key from Get User Delegation
/// Key) for a single blob (<c>sr=b</c>), in the string-to-sign layout of versions 2020-12-06 up to 2025-07-05.
/// </summary>
public static class BlobSas
{
    /// <summary>Service SAS: sp, st, se, canonicalized resource, si, sip, spr, sv, sr, snapshot time, ses, rscc, rscd, rsce, rscl, rsct.</summary>
    public static string ServiceStringToSign(BlobSasParameters p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return Join(
            p.Permissions,
            p.StartsOn is { } st ? StorageBlobClient.SasTime(st) : "",
            StorageBlobClient.SasTime(p.ExpiresOn),
            CanonicalResource(p),
            "", // signed identifier (stored access policy): not used
            "", // signed IP
            p.Protocol ?? "",
            p.Version,
            "b",
            "", // snapshot time
            "", // encryption scope
            "", // rscc
            p.ContentDisposition ?? "",
            "", // rsce
            "", // rscl
            p.ContentType ?? ""); // rsct
    }

    /// <summary>
    /// User-delegation SAS: sp, st, se, canonicalized resource, skoid, sktid, skt, ske, sks, skv, saoid, suoid, scid,
    /// sip, spr, sv, sr, snapshot time, ses, rscc, rscd, rsce, rscl, rsct.
    /// </summary>
    public static string UserDelegationStringToSign(BlobSasParameters p, UserDelegationKey key)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(key);
        return Join(
            p.Permissions,
            p.StartsOn is { } st ? StorageBlobClient.SasTime(st) : "",
            StorageBlobClient.SasTime(p.ExpiresOn),
            CanonicalResource(p),
            key.SignedObjectId,
            key.SignedTenantId,
            StorageBlobClient.SasTime(key.SignedStartsOn),
            StorageBlobClient.SasTime(key.SignedExpiresOn),
            key.SignedService,
            key.SignedVersion,
            "", // saoid
            "", // suoid
            "", // scid
            "", // sip
            p.Protocol ?? "",
            p.Version,
            "b",
            "", // snapshot time
            "", // encryption scope
            "", // rscc
            p.ContentDisposition ?? "",
            "", // rsce
            "", // rscl
            p.ContentType ?? ""); // rsct
    }

    /// <summary>The SAS query string (without '?') for a service SAS.</summary>
    public static string ServiceSasQuery(BlobSasParameters p, StorageSharedKeyCredential credential)
    {
        ArgumentNullException.ThrowIfNull(credential);
        var signature = credential.Sign(ServiceStringToSign(p));
        return Query(p, signature, null);
    }

    /// <summary>The SAS query string (without '?') for a user-delegation SAS.</summary>
    public static string UserDelegationSasQuery(BlobSasParameters p, UserDelegationKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var signature = StorageSigning.HmacSha256Base64(Convert.FromBase64String(key.Value), UserDelegationStringToSign(p, key));
        return Query(p, signature, key);
    }

    /// <summary>
    /// A Content-Disposition for downloads: <c>attachment</c> with an ASCII fallback name and the exact name as
    /// RFC 5987 <c>filename*</c> (Vietnamese file names survive); control and invisible format characters
    /// (bidirectional overrides, zero-width characters) are stripped.
    /// </summary>
    public static string AttachmentDisposition(string fileName) => Disposition("attachment", fileName);

    /// <summary>The same with <c>inline</c>: the browser shows the file (a PDF in a frame) instead of saving it.</summary>
    public static string InlineDisposition(string fileName) => Disposition("inline", fileName);

    private static string Disposition(string type, string fileName)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        // No control or invisible format character (a right-to-left override turning "…fdp.exe" into "…exe.pdf") reaches the browser.
        fileName = Domain.Dossiers.FileName.Clean(fileName);
        var fallback = new StringBuilder();
        foreach (var c in fileName.Normalize(NormalizationForm.FormD))
        {
            if (System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.NonSpacingMark)
            {
                continue;
            }
            fallback.Append(c switch
            {
                'đ' => 'd',
                'Đ' => 'D',
                '"' or '\\' => '_',
                _ when c is < ' ' or > '~' => '_',
                _ => c,
            });
        }
        return $"{type}; filename=\"{fallback}\"; filename*=UTF-8''{Uri.EscapeDataString(fileName)}";
    }

    private static string CanonicalResource(BlobSasParameters p) => $"/blob/{p.AccountName}/{p.Container}/{p.BlobName}";

    private static string Query(BlobSasParameters p, string signature, UserDelegationKey? key)
    {
        var parts = new List<(string, string)> { ("sv", p.Version) };
        if (p.Protocol is not null)
        {
            parts.Add(("spr", p.Protocol));
        }
        if (p.StartsOn is { } st)
        {
            parts.Add(("st", StorageBlobClient.SasTime(st)));
        }
        parts.Add(("se", StorageBlobClient.SasTime(p.ExpiresOn)));
        if (key is not null)
        {
            parts.Add(("skoid", key.SignedObjectId));
            parts.Add(("sktid", key.SignedTenantId));
            parts.Add(("skt", StorageBlobClient.SasTime(key.SignedStartsOn)));
            parts.Add(("ske", StorageBlobClient.SasTime(key.SignedExpiresOn)));
            parts.Add(("sks", key.SignedService));
            parts.Add(("skv", key.SignedVersion));
        }
        parts.Add(("sr", "b"));
        parts.Add(("sp", p.Permissions));
        if (p.ContentDisposition is not null)
        {
            parts.Add(("rscd", p.ContentDisposition));
        }
        if (p.ContentType is not null)
        {
            parts.Add(("rsct", p.ContentType));
        }
        parts.Add(("sig", signature));
        return string.Join('&', parts.Select(x => x.Item1 + "=" + Uri.EscapeDataString(x.Item2)));
    }

    private static string Join(params string[] lines) => string.Join('\n', lines);
}
