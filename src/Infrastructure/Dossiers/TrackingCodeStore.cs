using Azure;
using Azure.Data.Tables;
using NoOneLeftBehind.Domain.Dossiers;

namespace NoOneLeftBehind.Infrastructure.Dossiers;

/// <summary>
/// Reserves a dossier's tracking code: one row per code (partition = the normalized code) inserted only if absent, so
/// no two dossiers share one; a code already taken is drawn again. A reservation whose dossier was then not created
/// stays unused (harmless: codes are 40 random bits).
/// </summary>
public sealed class TrackingCodeStore(TableServiceClient tables)
{
    private const int MaxDraws = 8;
    private readonly TableClient _table = tables.GetTableClient(DossierStorageNames.TrackingCodesTable);

    /// <summary>A fresh code reserved for <paramref name="id"/>.</summary>
    public async Task<string> ReserveAsync(DossierId id, CancellationToken cancellationToken, Func<string>? draw = null)
    {
        draw ??= TrackingCode.New;
        await _table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        for (var attempt = 1; ; attempt++)
        {
            var code = draw();
            try
            {
                await _table.AddEntityAsync(new TableEntity(TrackingCode.Normalize(code), "code") { ["DossierId"] = id.Value }, cancellationToken).ConfigureAwait(false);
                return code;
            }
            catch (RequestFailedException ex) when (ex.Status == 409 && attempt < MaxDraws)
            {
                // Taken (by another dossier, or by this very insert retried by the SDK): draw again.
            }
        }
    }
}
