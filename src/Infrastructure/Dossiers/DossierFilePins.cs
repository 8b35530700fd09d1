using Azure;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace NoOneLeftBehind.Infrastructure.Dossiers;

/// <summary>What <see cref="DossierFilePins.PinAsync"/> did.</summary>
public enum PinOutcome
{
    /// <summary>The staged bytes were copied to the pinned name.</summary>
    Pinned,

    /// <summary>Nothing committed at the staging name yet (the upload is unfinished): nothing copied, nothing deleted.</summary>
    NoBlob,

    /// <summary>The staged blob is larger than allowed: nothing copied.</summary>
    TooLarge,
}

/// <summary>
/// Copies an uploaded (staging) blob to a name only the server writes, streaming a block at a time. After
/// this, writes to the staging blob through the upload link change nothing that is inspected or served.
/// The copy is a stream copy (a 4 MiB block at a time, never the whole file in memory), committed only if
/// the pinned name does not exist yet (<c>If-None-Match: *</c>).
/// </summary>
public sealed class DossierFilePins(BlobServiceClient blobs)
{
    private const int BlockBytes = 4 * 1024 * 1024;

    /// <summary>Copies <paramref name="staging"/> to <paramref name="pinned"/> (which must not exist), at most <paramref name="maxBytes"/>.</summary>
    public async Task<PinOutcome> PinAsync(string container, string staging, string pinned, long maxBytes, CancellationToken cancellationToken = default)
    {
        var files = blobs.GetBlobContainerClient(container);
        var source = files.GetBlobClient(staging);
        BlobDownloadStreamingResult download;
        try
        {
            var properties = (await source.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
            if (properties.ContentLength > maxBytes) return PinOutcome.TooLarge;
            download = (await source.DownloadStreamingAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return PinOutcome.NoBlob;
        }
        using (download)
        {
            // The blob may be rewritten between the two calls: never copy more than the limit, whatever it has become.
            await using var bounded = new BoundedReadStream(download.Content, maxBytes);
            try
            {
                await files.GetBlobClient(pinned).UploadAsync(bounded, new BlobUploadOptions
                {
                    Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                    TransferOptions = new StorageTransferOptions { InitialTransferSize = BlockBytes, MaximumTransferSize = BlockBytes, MaximumConcurrency = 1 },
                }, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is BoundExceededException || ex.InnerException is BoundExceededException)
            {
                return PinOutcome.TooLarge; // its staged blocks were never committed and expire on their own
            }
        }
        return PinOutcome.Pinned;
    }

    private sealed class BoundExceededException : Exception;

    /// <summary>Reads through, and throws once more than the bound has been read.</summary>
    private sealed class BoundedReadStream(Stream inner, long bound) : Stream
    {
        private long _read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Count(int read)
        {
            _read += read;
            if (_read > bound) throw new BoundExceededException();
            return read;
        }
    }
}
