using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NoOneLeftBehind.Infrastructure.Storage.Blobs;

namespace NoOneLeftBehind.Infrastructure.Storage;

/// <summary>Registers the data-storage clients, the ports the features use, and the health probe.</summary>
public static class StorageRegistration
{
    /// <summary>
    /// Binds <see cref="StorageOptions"/> from section <c>DataStorage</c> (a plain string value there is taken as a
    /// connection string, as the Functions host does for connections). Nothing configured: Azurite on its default
    /// ports. Everything is a singleton created on first use: registering and starting the app does no I/O, so
    /// the app starts, and its stateless endpoints work, while storage is down.
    /// </summary>
    public static IServiceCollection AddDataStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        var section = configuration.GetSection(StorageOptions.SectionName);
        services.AddOptions<StorageOptions>()
            .Bind(section)
            .PostConfigure(options =>
            {
                if (string.IsNullOrWhiteSpace(options.ConnectionString) && !string.IsNullOrWhiteSpace(section.Value))
                {
                    options.ConnectionString = section.Value;
                }
                if (options.IsEmpty)
                {
                    options.ConnectionString = StorageOptions.DevelopmentConnectionString;
                }
            });

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => StorageAccount.FromOptions(sp.GetRequiredService<IOptions<StorageOptions>>().Value));
        services.AddAzureClients(clients =>
        {
            clients.AddClient<TableServiceClient, TableClientOptions>((options, sp) =>
                sp.GetRequiredService<StorageAccount>().CreateTableServiceClient(options));
            clients.AddClient<BlobServiceClient, BlobClientOptions>((options, sp) =>
                sp.GetRequiredService<StorageAccount>().CreateBlobServiceClient(options));
            clients.AddClient<QueueServiceClient, QueueClientOptions>((options, sp) =>
            {
                options.MessageEncoding = QueueMessageEncoding.Base64; // what the Functions host reads and writes
                return sp.GetRequiredService<StorageAccount>().CreateQueueServiceClient(options);
            });
        });

        services.TryAddSingleton<IBlobSasIssuer>(sp => new BlobSasIssuer(sp.GetRequiredService<BlobServiceClient>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IStorageHealthProbe>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            // The account is resolved inside the probe so that a configuration error is reported, not thrown.
            return new StorageHealthProbe(sp.GetRequiredService<StorageAccount>, options.HealthProbeTimeout, sp.GetService<ILogger<StorageHealthProbe>>());
        });
        return services;
    }
}
