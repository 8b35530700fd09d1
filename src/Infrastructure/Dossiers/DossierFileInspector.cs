using System.Buffers;
using System.IO.Compression;
using System.Security.Cryptography;
using NoOneLeftBehind.Domain.Archives;
using NoOneLeftBehind.Domain.Dossiers;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace NoOneLeftBehind.Infrastructure.Dossiers;

/// <summary>The result of checking an uploaded file: its kind, size and SHA-256, or why it is refused.</summary>
/// <param name="Kind">Detected kind (accepted files).</param>
/// <param name="Size">Bytes.</param>
/// <param name="Sha256">Lowercase hex (accepted files).</param>
/// <param name="Problem">Why it is refused, or null.</param>
public sealed record FileInspection(FileKind? Kind, long Size, string? Sha256, DossierProblem? Problem)
{
    /// <summary>The MIME type of an accepted kind.</summary>
    public static string MimeType(FileKind kind) => kind switch
    {
        FileKind.Pdf => "application/pdf",
        FileKind.Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        FileKind.Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        FileKind.Jpeg => "image/jpeg",
        FileKind.Png => "image/png",
        _ => "application/octet-stream",
    };
}

/// <summary>
/// Checks an uploaded blob without holding it in memory: size from its properties, type from its
/// first bytes (a range read), a DOCX/XLSX's central directory from its last bytes (range reads),
/// then one sequential pass that computes the SHA-256 and inflates every zip entry to prove the
/// declared sizes (a lying zip bomb is stopped as soon as it exceeds them). Every read after the first is
/// conditional on the ETag the properties reported, so all of it is about the same bytes.
/// </summary>
public sealed class DossierFileInspector(BlobServiceClient blobs)
{
    private const int BufferSize = 81920;

    /// <summary>The file has no committed blob yet (blocks staged, the block list not sent).</summary>
    public static DossierProblem UploadIncomplete(string field, string originalName) => new("upload-incomplete", field,
        $"Chưa có tệp '{originalName}' trong kho lưu trữ: tải hết các khối rồi gửi danh sách khối (Put Block List) trước khi xác nhận.",
        $"File '{originalName}' is not in storage yet: upload every block and commit the block list (Put Block List) before confirming.");

    /// <summary>Inspects <paramref name="blobName"/>; <paramref name="otherAcceptedBytes"/> is what the dossier's other accepted files already take.</summary>
    public async Task<FileInspection> InspectAsync(string container, string blobName, string field, string originalName, long otherAcceptedBytes,
        DossierFileLimits limits, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var blob = blobs.GetBlobContainerClient(container).GetBlobClient(blobName);
        BlobProperties properties;
        try
        {
            properties = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return Refuse(0, UploadIncomplete(field, originalName));
        }
        var size = properties.ContentLength;
        var version = new BlobRequestConditions { IfMatch = properties.ETag };
        if (size == 0)
            return Refuse(0, new("file-empty", field, $"Tệp '{originalName}' rỗng.", $"File '{originalName}' is empty."));
        if (size > limits.MaxFileBytes)
            return Refuse(size, new("file-too-large", field,
                $"Tệp '{originalName}' có {Mb(size)}, vượt giới hạn {Mb(limits.MaxFileBytes)} mỗi tệp.",
                $"File '{originalName}' is {Mb(size)}, over the limit of {Mb(limits.MaxFileBytes)} per file."));
        if (otherAcceptedBytes + size > limits.MaxDossierBytes)
            return Refuse(size, new("dossier-too-large", field,
                $"Thêm tệp '{originalName}' ({Mb(size)}) thì hồ sơ có {Mb(otherAcceptedBytes + size)}, vượt giới hạn {Mb(limits.MaxDossierBytes)} mỗi hồ sơ.",
                $"With '{originalName}' ({Mb(size)}) the dossier would hold {Mb(otherAcceptedBytes + size)}, over the limit of {Mb(limits.MaxDossierBytes)} per dossier."));

        var head = await ReadRangeAsync(blob, version, 0, (int)Math.Min(FileSniffer.HeadLength, size), cancellationToken).ConfigureAwait(false);
        var sniff = FileSniffer.Sniff(head);
        if (FileSniffer.Refusal(sniff, field, originalName) is { } refusal) return Refuse(size, refusal);

        FileKind kind;
        IReadOnlyList<ZipEntryInfo> entries = [];
        if (sniff == SniffResult.Zip)
        {
            var tailLength = (int)Math.Min(size, ZipStructure.MaxTailLength);
            var tail = await ReadRangeAsync(blob, version, size - tailLength, tailLength, cancellationToken).ConfigureAwait(false);
            var (count, offset, length, problem) = ZipStructure.FindCentralDirectory(tail, size, field, originalName);
            if (problem is not null) return Refuse(size, problem);
            if (length > 64L * 1024 * 1024)
                return Refuse(size, ZipStructure.Damaged(field, originalName, "(central directory)"));
            var tailStart = size - tailLength;
            var directory = offset >= tailStart
                ? tail.AsMemory((int)(offset - tailStart), (int)length).ToArray()
                : await ReadRangeAsync(blob, version, offset, (int)length, cancellationToken).ConfigureAwait(false);
            (entries, problem) = ZipStructure.ParseCentralDirectory(directory, count, field, originalName);
            if (problem is not null) return Refuse(size, problem);
            FileKind? zipKind;
            (zipKind, problem) = ZipStructure.Check(entries, limits, field, originalName);
            if (problem is not null) return Refuse(size, problem);
            kind = zipKind!.Value;
        }
        else
        {
            kind = sniff switch
            {
                SniffResult.Pdf => FileKind.Pdf,
                SniffResult.Png => FileKind.Png,
                _ => FileKind.Jpeg,
            };
        }
        // The content must be what the name's extension declares: a PNG named .pdf is refused.
        // The sniffed kind goes with the refusal, so a caller can say what the content was (a report expects a PDF).
        if (FileName.ContentMismatch(originalName, kind, field) is { } mismatch) return new(kind, size, null, mismatch);

        // One sequential pass: hash everything; for a zip, inflate each entry on the way.
        using var download = (await blob.DownloadStreamingAsync(new BlobDownloadOptions { Conditions = version }, cancellationToken).ConfigureAwait(false)).Value;
        await using var content = download.Content;
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var reader = new HashingReader(content, sha);
        if (entries.Count > 0)
        {
            var zipProblem = await VerifyEntriesAsync(reader, entries, limits, field, originalName, cancellationToken).ConfigureAwait(false);
            if (zipProblem is not null) return Refuse(size, zipProblem);
        }
        await reader.DrainAsync(long.MaxValue, cancellationToken).ConfigureAwait(false);
        if (reader.Position != size)
            return Refuse(size, ZipStructure.Damaged(field, originalName, "(length)"));
        return new FileInspection(kind, size, Convert.ToHexStringLower(sha.GetHashAndReset()), null);
    }

    private static async Task<DossierProblem?> VerifyEntriesAsync(HashingReader reader, IReadOnlyList<ZipEntryInfo> entries, DossierFileLimits limits, string field, string name, CancellationToken ct)
    {
        // Every limit is checked again on the bytes that actually come out of the decompressor, and an
        // entry may not produce more than its header declared: the declared sizes are never trusted alone.
        var meter = new InflationMeter(limits.Zip);
        var scratch = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            foreach (var entry in entries.OrderBy(e => e.LocalHeaderOffset))
            {
                if (entry.LocalHeaderOffset < reader.Position) return ZipStructure.Damaged(field, name, entry.Name); // overlapping entries
                await reader.DrainAsync(entry.LocalHeaderOffset - reader.Position, ct).ConfigureAwait(false);
                var header = new byte[30];
                if (await reader.ReadExactlyAsync(header, ct).ConfigureAwait(false) < 30
                    || BitConverter.ToUInt32(header, 0) != 0x04034b50)
                    return ZipStructure.Damaged(field, name, entry.Name);
                var skip = BitConverter.ToUInt16(header, 26) + BitConverter.ToUInt16(header, 28);
                await reader.DrainAsync(skip, ct).ConfigureAwait(false);

                var data = new BoundedStream(reader, entry.CompressedSize);
                if (meter.BeginEntry(entry.Name, entry.CompressedSize, entry.UncompressedSize) is { } tooMany)
                    return ZipStructure.Bomb(field, name, tooMany);
                if (entry.Method == 0)
                {
                    if (meter.Add(entry.CompressedSize) is { } stored)
                        return ZipStructure.Bomb(field, name, stored);
                    await data.DrainAsync(ct).ConfigureAwait(false);
                }
                else
                {
                    await using var inflate = new DeflateStream(data, CompressionMode.Decompress, leaveOpen: true);
                    try
                    {
                        int read;
                        while ((read = await inflate.ReadAsync(scratch.AsMemory(0, BufferSize), ct).ConfigureAwait(false)) > 0)
                        {
                            if (meter.Add(read) is { } exceeded)
                                return ZipStructure.Bomb(field, name, exceeded);
                        }
                    }
                    catch (InvalidDataException)
                    {
                        return ZipStructure.Damaged(field, name, entry.Name);
                    }
                    await data.DrainAsync(ct).ConfigureAwait(false);
                }
            }
            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    private static async Task<byte[]> ReadRangeAsync(BlobClient blob, BlobRequestConditions version, long offset, int length, CancellationToken ct)
    {
        var buffer = new byte[length];
        if (length == 0) return buffer;
        using var download = (await blob.DownloadStreamingAsync(new BlobDownloadOptions { Range = new HttpRange(offset, length), Conditions = version }, ct)
            .ConfigureAwait(false)).Value;
        await using var content = download.Content;
        var filled = 0;
        while (filled < length)
        {
            var read = await content.ReadAsync(buffer.AsMemory(filled), ct).ConfigureAwait(false);
            if (read == 0) break;
            filled += read;
        }
        return filled == length ? buffer : buffer[..filled];
    }

    private static FileInspection Refuse(long size, DossierProblem problem) => new(null, size, null, problem);

    private static string Mb(long bytes) => (bytes / 1024d / 1024d).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + " MB";

    /// <summary>Reads the download sequentially, hashing every byte that passes and counting the position.</summary>
    private sealed class HashingReader(Stream source, IncrementalHash hash)
    {
        private readonly byte[] _skip = new byte[BufferSize];

        public long Position { get; private set; }

        public async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct)
        {
            var read = await source.ReadAsync(buffer, ct).ConfigureAwait(false);
            if (read > 0)
            {
                hash.AppendData(buffer.Span[..read]);
                Position += read;
            }
            return read;
        }

        public async ValueTask<int> ReadExactlyAsync(byte[] buffer, CancellationToken ct)
        {
            var filled = 0;
            while (filled < buffer.Length)
            {
                var read = await ReadAsync(buffer.AsMemory(filled), ct).ConfigureAwait(false);
                if (read == 0) break;
                filled += read;
            }
            return filled;
        }

        public async ValueTask DrainAsync(long count, CancellationToken ct)
        {
            while (count > 0)
            {
                var read = await ReadAsync(_skip.AsMemory(0, (int)Math.Min(_skip.Length, count)), ct).ConfigureAwait(false);
                if (read == 0) return;
                count -= read;
            }
        }
    }

    /// <summary>Exactly <c>length</c> bytes of the reader, as a stream for <see cref="DeflateStream"/>.</summary>
    private sealed class BoundedStream(HashingReader reader, long length) : Stream
    {
        private long _left = length;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_left <= 0) return 0;
            var read = await reader.ReadAsync(buffer[..(int)Math.Min(buffer.Length, _left)], cancellationToken).ConfigureAwait(false);
            _left -= read;
            return read;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

        public async Task DrainAsync(CancellationToken ct)
        {
            if (_left > 0) await reader.DrainAsync(_left, ct).ConfigureAwait(false);
            _left = 0;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
