using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NoOneLeftBehind.Integration.Tests.Dossiers;
using NoOneLeftBehind.TestSupport;

namespace NoOneLeftBehind.Integration.Tests.Messaging;

/// <summary>
/// A <see cref="DossierAppTests"/> whose app has a Service Bus namespace, its <see cref="ServiceBusSender"/> substituted
/// (no Service Bus can run here; what it sent is <c>_bus.Sent</c>), and the <c>DispatchIntegrationEvents</c> timer off:
/// the test says when to dispatch. The class's <paramref name="settings"/> come beside these two.
/// </summary>
public abstract class DossierAppWithBusTests(AzuriteFixture azurite, IReadOnlyDictionary<string, string>? settings = null)
    : DossierAppTests(azurite, new Dictionary<string, string>(settings ?? new Dictionary<string, string>())
    {
        ["ServiceBus:fullyQualifiedNamespace"] = "sbns-test.servicebus.windows.net",
        ["AzureWebJobs:DispatchIntegrationEvents:Disabled"] = "true",
    })
{
#pragma warning disable IDE1006 // the name each class's own field had
    private protected readonly (ServiceBusSender Sender, List<ServiceBusMessage> Sent) _bus = SubstituteSender.Create();
#pragma warning restore IDE1006

    protected override void ConfigureTestServices(IServiceCollection services) => services.Replace(ServiceDescriptor.Singleton(_bus.Sender));
}
