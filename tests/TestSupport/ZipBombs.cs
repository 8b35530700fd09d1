using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace NoOneLeftBehind.TestSupport;

/// <summary>
/// Decompression bombs generated in memory (never committed): valid packages whose one part is a long
/// run of the same XML, streamed into the zip entry so that the inflated bytes never exist at once.
/// 150 MB of such XML deflates to about 150 KB; 1 GB to about 1 MB.
/// </summary>
public static class ZipBombs
{
    /// <summary>
    /// <paramref name="xlsx"/> (a valid workbook with a shared-strings part) with <c>xl/sharedStrings.xml</c>
    /// grown by unreferenced items to about <paramref name="inflatedBytes"/> bytes: still a valid XLSX.
    /// </summary>
    public static byte[] XlsxWithHugeSharedStrings(byte[] xlsx, long inflatedBytes)
    {
        ArgumentNullException.ThrowIfNull(xlsx);
        using var output = new MemoryStream();
        using (var source = new ZipArchive(new MemoryStream(xlsx), ZipArchiveMode.Read))
        using (var target = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            var found = false;
            foreach (var entry in source.Entries)
            {
                using var from = entry.Open();
                using var to = target.CreateEntry(entry.FullName, CompressionLevel.SmallestSize).Open();
                if (entry.FullName != "xl/sharedStrings.xml")
                {
                    from.CopyTo(to);
                    continue;
                }
                found = true;
                using var reader = new StreamReader(from, Encoding.UTF8);
                var text = reader.ReadToEnd();
                var end = text.LastIndexOf("</x:sst>", StringComparison.Ordinal) is var prefixed and >= 0 ? prefixed : text.LastIndexOf("</sst>", StringComparison.Ordinal);
                var prefix = end >= 0 && text[..end].Contains("<x:sst", StringComparison.Ordinal) ? "x:" : string.Empty;
                to.Write(Encoding.UTF8.GetBytes(text[..end]));
                Repeat(to, Encoding.UTF8.GetBytes($"<{prefix}si><{prefix}t>bom nén / zip bomb</{prefix}t></{prefix}si>"), inflatedBytes);
                to.Write(Encoding.UTF8.GetBytes(text[end..]));
            }
            if (!found) throw new ArgumentException("The workbook has no xl/sharedStrings.xml part.", nameof(xlsx));
        }
        return output.ToArray();
    }

    /// <summary>A Word document whose <c>word/document.xml</c> inflates to about <paramref name="inflatedBytes"/> bytes of paragraphs.</summary>
    public static byte[] DocxWithHugeDocument(long inflatedBytes)
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var types = zip.CreateEntry("[Content_Types].xml").Open())
                types.Write("<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"u8);
            using var document = zip.CreateEntry("word/document.xml", CompressionLevel.SmallestSize).Open();
            document.Write("<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>"u8);
            Repeat(document, "<w:p><w:r><w:t>Biên bản họp</w:t></w:r></w:p>"u8.ToArray(), inflatedBytes);
            document.Write("</w:body></w:document>"u8);
        }
        return output.ToArray();
    }

    /// <summary>
    /// A Word document with an entry of <paramref name="entryBytes"/> bytes of two-letter noise: it expands
    /// only about 6:1, so no ratio limit catches it — only a limit per entry does.
    /// </summary>
    public static byte[] DocxWithLowRatioEntry(long entryBytes)
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var types = zip.CreateEntry("[Content_Types].xml").Open())
                types.Write("<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"u8);
            using (var document = zip.CreateEntry("word/document.xml").Open())
                document.Write("<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body/></w:document>"u8);
            using var noise = zip.CreateEntry("word/media/noise.txt", CompressionLevel.SmallestSize).Open();
            var random = new Random(13);
            var chunk = new byte[64 * 1024];
            for (long written = 0; written < entryBytes; written += chunk.Length)
            {
                for (var i = 0; i < chunk.Length; i++) chunk[i] = (byte)(random.Next(2) == 0 ? 'a' : 'b');
                noise.Write(chunk, 0, (int)Math.Min(chunk.Length, entryBytes - written));
            }
        }
        return output.ToArray();
    }

    /// <summary>A plain zip of <paramref name="count"/> tiny stored entries.</summary>
    public static byte[] ManyEntries(int count, string prefix = "e")
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            for (var i = 0; i < count; i++)
            {
                using var s = zip.CreateEntry(prefix + i.ToString(System.Globalization.CultureInfo.InvariantCulture), CompressionLevel.NoCompression).Open();
                s.WriteByte((byte)'x');
            }
        }
        return output.ToArray();
    }

    /// <summary>
    /// A copy of <paramref name="zip"/> whose entry <paramref name="entryName"/> declares
    /// <paramref name="declaredUncompressed"/> bytes in both its central-directory record and its local
    /// header, whatever it really inflates to: a lying header.
    /// </summary>
    public static byte[] WithDeclaredSize(byte[] zip, string entryName, uint declaredUncompressed)
    {
        ArgumentNullException.ThrowIfNull(zip);
        var bytes = (byte[])zip.Clone();
        var end = -1;
        for (var i = bytes.Length - 22; i >= 0; i--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(i)) == 0x06054b50) { end = i; break; }
        }
        if (end < 0) throw new ArgumentException("No end of central directory.", nameof(zip));
        var p = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(end + 16));
        while (BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(p)) == 0x02014b50)
        {
            var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(p + 28));
            var next = p + 46 + nameLength + BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(p + 30)) + BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(p + 32));
            if (Encoding.UTF8.GetString(bytes, p + 46, nameLength) == entryName)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(p + 24), declaredUncompressed);
                var local = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(p + 42));
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(local + 22), declaredUncompressed);
                return bytes;
            }
            p = next;
        }
        throw new ArgumentException($"No entry '{entryName}'.", nameof(entryName));
    }

    private static void Repeat(Stream to, byte[] unit, long bytes)
    {
        var block = new byte[unit.Length * Math.Max(1, 64 * 1024 / unit.Length)];
        for (var i = 0; i < block.Length; i += unit.Length) unit.CopyTo(block, i);
        for (long written = 0; written < bytes; written += block.Length) to.Write(block);
    }
}
