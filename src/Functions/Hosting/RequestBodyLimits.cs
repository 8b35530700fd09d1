using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace NoOneLeftBehind.Functions.Hosting;

/// <summary>
/// The server's cut of a request body (Kestrel's <c>MaxRequestBodySize</c>, 30,000,000 bytes unless an endpoint says
/// otherwise) follows each route's configured limit, so that no upload the configuration allows is cut short by a
/// second number: routing applies the endpoint's <see cref="IRequestSizeLimitMetadata"/> and <see cref="IFormOptionsMetadata"/>
/// before the body is read. The endpoint itself answers past its limit (413 problem, docs/api-errors.md).
/// </summary>
public static class RequestBodyLimits
{
    /// <summary>What a multipart/form-data body may add around its file (boundaries, part headers, a file name).</summary>
    public const long MultipartAllowanceBytes = 64 * 1024;

    /// <summary>
    /// How far past a limit the app counts itself the server's cut sits: Kestrel checks a chunked body a read at a time,
    /// and the app must be the one to see the limit passed, to answer with the limit it applies.
    /// </summary>
    public const long SlackBytes = 64 * 1024;

    /// <summary>
    /// The route takes a file of at most <paramref name="uploadBytes"/>, as the raw body or as one part of a form:
    /// the server reads up to <paramref name="uploadBytes"/> plus <see cref="MultipartAllowanceBytes"/>, the form
    /// reader likewise; the handler refuses a file past <paramref name="uploadBytes"/> itself.
    /// </summary>
    public static TBuilder AcceptsUploadOf<TBuilder>(this TBuilder builder, long uploadBytes) where TBuilder : IEndpointConventionBuilder
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(uploadBytes);
        var body = BodyLimitFor(uploadBytes);
        builder.WithMetadata(new BodyLimit(body), new FormLimit(body));
        return builder;
    }

    /// <summary>The server's limit of a route that takes uploads of <paramref name="uploadBytes"/>.</summary>
    public static long BodyLimitFor(long uploadBytes) => checked(uploadBytes + MultipartAllowanceBytes);

    /// <summary>Raises this request's server limit to <paramref name="bytes"/> when it is lower (before anything reads the body).</summary>
    internal static void AtLeast(HttpContext http, long bytes)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature
            && feature.MaxRequestBodySize is { } current && current < bytes)
            feature.MaxRequestBodySize = bytes;
    }

    private sealed record BodyLimit(long? MaxRequestBodySize) : IRequestSizeLimitMetadata;

    private sealed class FormLimit(long bytes) : IFormOptionsMetadata
    {
        public bool? BufferBody => null;
        public int? MemoryBufferThreshold => null;
        public long? BufferBodyLengthLimit => bytes;
        public int? ValueCountLimit => null;
        public int? KeyLengthLimit => null;
        public int? ValueLengthLimit => null;
        public int? MultipartBoundaryLengthLimit => null;
        public int? MultipartHeadersCountLimit => null;
        public int? MultipartHeadersLengthLimit => null;
        public long? MultipartBodyLengthLimit => bytes;
    }
}
