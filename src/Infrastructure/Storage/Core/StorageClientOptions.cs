using Azure.Core;

namespace NoOneLeftBehind.Infrastructure.Storage.Core;

/// <summary>Pipeline options shared by the three storage clients.</summary>
public sealed class StorageClientOptions : ClientOptions
{
    /// <summary>
    /// 2025-01-05: recent enough for everything we use, accepted by Azurite 3.37.0 (≤ 2026-06-06), and older than
    /// 2025-07-05, which changed the user-delegation SAS string-to-sign.
    /// </summary>
    public const string DefaultServiceVersion = "2025-01-05";

    public StorageClientOptions()
    {
        Retry.Mode = RetryMode.Exponential;
        Retry.MaxRetries = 5;
        Retry.Delay = TimeSpan.FromMilliseconds(500);
        Retry.MaxDelay = TimeSpan.FromSeconds(30);
        Retry.NetworkTimeout = TimeSpan.FromSeconds(100);
        // Logged headers are an allow-list; without these the service's answer is logged as REDACTED.
        foreach (var header in new[]
                 {
                     "x-ms-error-code", "x-ms-request-id", "x-ms-version", "x-ms-blob-type", "x-ms-approximate-messages-count",
                     "x-ms-continuation-NextPartitionKey", "x-ms-continuation-NextRowKey", "x-ms-time-next-visible", "Content-Range",
                     "Content-Disposition", "Preference-Applied", "DataServiceVersion",
                 })
        {
            Diagnostics.LoggedHeaderNames.Add(header);
        }
        foreach (var parameter in new[] { "comp", "restype", "maxresults", "prefix", "numofmessages", "visibilitytimeout", "messagettl", "peekonly", "$top", "$select" })
        {
            Diagnostics.LoggedQueryParameters.Add(parameter);
        }
    }

    /// <summary>Sent as <c>x-ms-version</c>.</summary>
    public string ServiceVersion { get; set; } = DefaultServiceVersion;

    /// <summary>Clock for <c>x-ms-date</c> and SAS times.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
