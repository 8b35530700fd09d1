using Azure.Core;
using Azure.Identity;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace NoOneLeftBehind.Infrastructure.Messaging;

/// <summary>Whether integration events are published, and where.</summary>
/// <param name="Enabled">True when a Service Bus namespace is configured (<c>ServiceBus:fullyQualifiedNamespace</c>).</param>
/// <param name="Topic">The topic (<c>Messaging:IntegrationEventsTopic</c>, default <c>integration-events</c>).</param>
public sealed record IntegrationEventsOptions(bool Enabled, string Topic);

/// <summary>
/// Integration events for other government systems (docs/events.md): off unless a Service Bus namespace is configured
/// (<c>messaging = 'service-bus'</c> in infra/). Storage queues stay the internal transport either way.
/// </summary>
public static class MessagingRegistration
{
    public static IServiceCollection AddIntegrationEvents(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var fullyQualifiedNamespace = configuration["ServiceBus:fullyQualifiedNamespace"];
        var options = new IntegrationEventsOptions(!string.IsNullOrWhiteSpace(fullyQualifiedNamespace),
            configuration["Messaging:IntegrationEventsTopic"] is { Length: > 0 } topic ? topic : "integration-events");
        services.AddSingleton(options);
        if (!options.Enabled) return services;

        var credential = Credential(configuration["ServiceBus:credential"], configuration["ServiceBus:clientId"]);
        services.AddAzureClients(clients => clients.AddServiceBusClientWithNamespace(fullyQualifiedNamespace!.Trim()).WithCredential(credential));
        services.AddSingleton(sp => sp.GetRequiredService<ServiceBusClient>().CreateSender(options.Topic));
        services.AddSingleton<OutboxDispatcher>();
        return services;
    }

    private static TokenCredential Credential(string? kind, string? clientId) =>
        string.Equals(kind?.Trim(), "managedidentity", StringComparison.OrdinalIgnoreCase)
            ? new ManagedIdentityCredential(string.IsNullOrWhiteSpace(clientId) ? ManagedIdentityId.SystemAssigned : ManagedIdentityId.FromUserAssignedClientId(clientId.Trim()))
            : new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = string.IsNullOrWhiteSpace(clientId) ? null : clientId.Trim() });
}
