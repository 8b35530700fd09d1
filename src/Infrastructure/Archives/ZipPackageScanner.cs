using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using NoOneLeftBehind.Domain.Archives;

namespace NoOneLeftBehind.Infrastructure.Archives;

/// <summary>
/// Inflates every entry of a zip package (XLSX, DOCX) once, in small buffers, counting the bytes that
/// come out against <see cref="ArchiveLimits"/>, and stops at the first broken limit. Run it before a
/// library that loads parts whole (DocumentFormat.OpenXml, System.IO.Packaging) touches the package:
/// a decompression bomb is then refused having cost one buffer, not its inflated size.
/// <para>The zip is read here, not through <see cref="ZipArchive"/>: ZipArchive materialises an object per
/// directory record and quietly stops an entry at the size its header declares, so a lying header would
/// go unnoticed. Here each entry's raw deflate data is inflated to its real end, and an entry that
/// produces more than its header declared is refused (<see cref="ArchiveLimit.DeclaredSize"/>).</para>
/// </summary>
public static class ZipPackageScanner
{
    private const int BufferSize = 64 * 1024;
    private const uint EndOfCentralDirectory = 0x06054b50;
    private const uint Zip64Locator = 0x07064b50;
    private const uint Zip64EndOfCentralDirectory = 0x06064b50;
    private const uint CentralDirectoryEntry = 0x02014b50;
    private const uint LocalHeader = 0x04034b50;

    /// <summary>Scans the package in <paramref name="content"/>.</summary>
    /// <param name="content">The whole file.</param>
    /// <param name="limits">The limits.</param>
    /// <returns>The first broken limit, or <see langword="null"/> when every entry inflated within them.</returns>
    /// <exception cref="InvalidDataException">The bytes are not a readable zip (no central directory, a damaged entry, an unsupported method).</exception>
    public static ArchiveLimitExceeded? Scan(byte[] content, ArchiveLimits limits)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(limits);
        var meter = new InflationMeter(limits);
        var entries = ReadDirectory(content, limits.MaxEntries + 1);
        if (meter.CheckEntryCount(entries.Count) is { } tooMany)
            return tooMany;

        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            foreach (var entry in entries)
            {
                var start = DataStart(content, entry);
                // The decompressor may read no more than the compressed size, and never past the file.
                var length = (int)Math.Min(entry.CompressedSize, content.Length - start);
                if (meter.BeginEntry(entry.Name, length, entry.UncompressedSize) is { } count)
                    return count;
                using var raw = new MemoryStream(content, start, length, writable: false);
                using Stream data = entry.Method switch
                {
                    0 => raw,
                    8 => new DeflateStream(raw, CompressionMode.Decompress, leaveOpen: true),
                    _ => throw new InvalidDataException($"Entry '{entry.Name}' uses compression method {entry.Method}, which is not supported."),
                };
                int read;
                while ((read = data.Read(buffer, 0, BufferSize)) > 0)
                {
                    if (meter.Add(read) is { } exceeded)
                        return exceeded;
                }
            }
            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Counts the records of the central directory, stopping at <paramref name="stopAt"/>. Returns 0
    /// when no directory is found.
    /// </summary>
    internal static long CountEntries(byte[] zip, long stopAt)
    {
        try
        {
            return ReadDirectory(zip, (int)Math.Min(int.MaxValue, stopAt)).Count;
        }
        catch (InvalidDataException)
        {
            return 0;
        }
    }

    private sealed record Entry(string Name, int Method, long CompressedSize, long UncompressedSize, long LocalHeaderOffset);

    /// <summary>The central directory's records, at most <paramref name="stopAt"/> of them (the rest are not read).</summary>
    private static List<Entry> ReadDirectory(byte[] zip, int stopAt)
    {
        var span = zip.AsSpan();
        var end = -1;
        for (var i = span.Length - 22; i >= Math.Max(0, span.Length - 22 - 65535); i--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(span[i..]) == EndOfCentralDirectory)
            {
                end = i;
                break;
            }
        }
        if (end < 0) throw new InvalidDataException("No zip central directory found (damaged or truncated file).");
        long offset = BinaryPrimitives.ReadUInt32LittleEndian(span[(end + 16)..]);
        if (offset == 0xFFFFFFFF && end >= 20 && BinaryPrimitives.ReadUInt32LittleEndian(span[(end - 20)..]) == Zip64Locator)
        {
            var record = BinaryPrimitives.ReadInt64LittleEndian(span[(end - 20 + 8)..]);
            if (record < 0 || record > span.Length - 56 || BinaryPrimitives.ReadUInt32LittleEndian(span[(int)record..]) != Zip64EndOfCentralDirectory)
                throw new InvalidDataException("The ZIP64 end of central directory is damaged.");
            offset = BinaryPrimitives.ReadInt64LittleEndian(span[((int)record + 48)..]);
        }

        var entries = new List<Entry>();
        var p = offset;
        while (entries.Count < stopAt && p >= 0 && p + 46 <= span.Length && BinaryPrimitives.ReadUInt32LittleEndian(span[(int)p..]) == CentralDirectoryEntry)
        {
            var at = (int)p;
            var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(span[(at + 28)..]);
            var extraLength = BinaryPrimitives.ReadUInt16LittleEndian(span[(at + 30)..]);
            var commentLength = BinaryPrimitives.ReadUInt16LittleEndian(span[(at + 32)..]);
            if (at + 46L + nameLength + extraLength > span.Length)
                throw new InvalidDataException("The zip central directory is damaged.");
            var name = System.Text.Encoding.UTF8.GetString(span.Slice(at + 46, nameLength));
            long compressed = BinaryPrimitives.ReadUInt32LittleEndian(span[(at + 20)..]);
            long uncompressed = BinaryPrimitives.ReadUInt32LittleEndian(span[(at + 24)..]);
            long local = BinaryPrimitives.ReadUInt32LittleEndian(span[(at + 42)..]);
            ReadZip64Sizes(span.Slice(at + 46 + nameLength, extraLength), ref uncompressed, ref compressed, ref local);
            entries.Add(new Entry(name, BinaryPrimitives.ReadUInt16LittleEndian(span[(at + 10)..]), compressed, uncompressed, local));
            p += 46L + nameLength + extraLength + commentLength;
        }
        return entries;
    }

    /// <summary>Replaces the 0xFFFFFFFF fields by the values of the ZIP64 extended information extra field (id 1), in its order.</summary>
    private static void ReadZip64Sizes(ReadOnlySpan<byte> extra, ref long uncompressed, ref long compressed, ref long local)
    {
        while (extra.Length >= 4)
        {
            var id = BinaryPrimitives.ReadUInt16LittleEndian(extra);
            var size = BinaryPrimitives.ReadUInt16LittleEndian(extra[2..]);
            if (4 + size > extra.Length) return;
            if (id == 1)
            {
                var field = extra.Slice(4, size);
                if (uncompressed == 0xFFFFFFFF && field.Length >= 8) { uncompressed = BinaryPrimitives.ReadInt64LittleEndian(field); field = field[8..]; }
                if (compressed == 0xFFFFFFFF && field.Length >= 8) { compressed = BinaryPrimitives.ReadInt64LittleEndian(field); field = field[8..]; }
                if (local == 0xFFFFFFFF && field.Length >= 8) local = BinaryPrimitives.ReadInt64LittleEndian(field);
                return;
            }
            extra = extra[(4 + size)..];
        }
    }

    /// <summary>Where an entry's data begins: after its local header, name and extra field.</summary>
    private static int DataStart(byte[] zip, Entry entry)
    {
        if (entry.LocalHeaderOffset < 0 || entry.LocalHeaderOffset + 30 > zip.Length
            || BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan((int)entry.LocalHeaderOffset)) != LocalHeader)
            throw new InvalidDataException($"The local header of entry '{entry.Name}' is damaged.");
        var at = (int)entry.LocalHeaderOffset;
        var start = at + 30L + BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(at + 26)) + BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(at + 28));
        return start <= zip.Length ? (int)start : throw new InvalidDataException($"Entry '{entry.Name}' lies outside the file.");
    }
}
