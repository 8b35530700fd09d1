using NoOneLeftBehind.TestSupport;

namespace NoOneLeftBehind.Integration.Tests.Storage;

/// <summary>One Azurite for every test class in the collection; other test classes may join with [Collection(AzuriteFixture.CollectionName)].</summary>
[CollectionDefinition(AzuriteFixture.CollectionName)]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "xunit collection definition.")]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>;

internal static class Names
{
    private static int _counter;

    /// <summary>A fresh lowercase name per test so tests sharing one Azurite do not see each other's data.</summary>
    public static string Unique(string prefix) =>
        prefix + Interlocked.Increment(ref _counter).ToString(System.Globalization.CultureInfo.InvariantCulture) + Guid.NewGuid().ToString("N")[..8];
}
