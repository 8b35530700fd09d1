using System.Text;

namespace NoOneLeftBehind.Infrastructure.Storage.Blobs;

/// <summary>Content-Disposition values the server signs into read links and sets on stored files.</summary>
public static class ContentDispositions
{
    /// <summary>
    /// A Content-Disposition for downloads: <c>attachment</c> with an ASCII fallback name and the exact name as
    /// RFC 5987 <c>filename*</c> (Vietnamese file names survive); control and invisible format characters
    /// (bidirectional overrides, zero-width characters) are stripped.
    /// </summary>
    public static string AttachmentDisposition(string fileName) => Disposition("attachment", fileName);

    /// <summary>The same with <c>inline</c>: the browser shows the file (a PDF in a frame) instead of saving it.</summary>
    public static string InlineDisposition(string fileName) => Disposition("inline", fileName);

    private static string Disposition(string type, string fileName)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        // No control or invisible format character (a right-to-left override turning "…fdp.exe" into "…exe.pdf") reaches the browser.
        fileName = Domain.Dossiers.FileName.Clean(fileName);
        var fallback = new StringBuilder();
        foreach (var c in fileName.Normalize(NormalizationForm.FormD))
        {
            if (System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.NonSpacingMark)
            {
                continue;
            }
            fallback.Append(c switch
            {
                'đ' => 'd',
                'Đ' => 'D',
                '"' or '\\' => '_',
                _ when c is < ' ' or > '~' => '_',
                _ => c,
            });
        }
        return $"{type}; filename=\"{fallback}\"; filename*=UTF-8''{Uri.EscapeDataString(fileName)}";
    }
}
