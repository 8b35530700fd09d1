using System.Security.Cryptography;
using System.Text;

namespace NoOneLeftBehind.Infrastructure.Storage.Core;

/// <summary>The account name and key. The key never leaves this type except as HMAC signatures.</summary>
public sealed class StorageSharedKeyCredential
{
    private readonly byte[] _key;

    public StorageSharedKeyCredential(string accountName, string accountKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accountName);
        ArgumentException.ThrowIfNullOrWhiteSpace(accountKey);
        AccountName = accountName;
        try
        {
            _key = Convert.FromBase64String(accountKey);
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"The account key of storage account '{accountName}' is not valid base64.");
        }
    }

    public string AccountName { get; }

    /// <summary>Base64 HMAC-SHA256 of the UTF-8 string, keyed with the account key.</summary>
    public string Sign(string stringToSign) => StorageSigning.HmacSha256Base64(_key, stringToSign);

    public override string ToString() => $"SharedKey({AccountName}, key redacted)";
}

internal static class StorageSigning
{
    public static string HmacSha256Base64(byte[] key, string stringToSign) =>
        Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
}
