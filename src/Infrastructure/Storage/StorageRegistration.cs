using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace NoOneLeftBehind.Infrastructure.Storage;

/// <summary>Registers the data-storage clients. Placeholder until the storage clients land.</summary>
public static class StorageRegistration
{
    public static IServiceCollection AddDataStorage(this IServiceCollection services, IConfiguration configuration) => services;
}
