using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Azure.Core.Pipeline;
using NoOneLeftBehind.Infrastructure.Storage;

namespace NoOneLeftBehind.TestSupport;

/// <summary>
/// Azurite over HTTPS with <c>--oauth basic</c>, so bearer tokens and user-delegation SAS can be exercised
/// locally. Azurite's basic OAuth checks a token's shape, lifetime, issuer and audience, not its signature:
/// <see cref="FakeEntraCredential"/> mints such tokens. The certificate is self-signed for 127.0.0.1 and trusted
/// only by the transports this fixture hands out.
/// </summary>
public sealed class AzuriteOAuthFixture : AzuriteFixture
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "azurite-oauth-" + Guid.NewGuid().ToString("N"));
    private X509Certificate2? _certificate;

    public string CertificateThumbprint => _certificate?.Thumbprint ?? throw new InvalidOperationException("Not started.");

    protected override string Scheme => "https";

    protected override IEnumerable<string> ExtraArguments
    {
        get
        {
            var password = "azurite-test";
            var pfx = Path.Combine(_directory, "azurite.pfx");
            if (!File.Exists(pfx))
            {
                Directory.CreateDirectory(_directory);
                File.WriteAllBytes(pfx, _certificate!.Export(X509ContentType.Pfx, password));
            }
            return ["--oauth", "basic", "--cert", pfx, "--pwd", password];
        }
    }

    public override Task InitializeAsync()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        _certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        return base.InitializeAsync();
    }

    /// <summary>An HttpClient handler that trusts exactly this fixture's certificate.</summary>
    public HttpClientHandler CreateTrustingHandler()
    {
        var thumbprint = CertificateThumbprint;
        return new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
                certificate is not null && string.Equals(certificate.Thumbprint, thumbprint, StringComparison.OrdinalIgnoreCase),
        };
    }

    /// <summary>A transport for SDK client options that trusts this fixture's certificate.</summary>
    public HttpClientTransport CreateTrustingTransport() => new(new HttpClient(CreateTrustingHandler()));

    /// <summary>The development account reached with a bearer token instead of the key.</summary>
    public StorageAccount TokenAccount(FakeEntraCredential credential) =>
        StorageAccount.WithTokenCredential(StorageAccount.DevelopmentAccountName, credential, BlobEndpoint, QueueEndpoint, TableEndpoint);

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _certificate?.Dispose();
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
