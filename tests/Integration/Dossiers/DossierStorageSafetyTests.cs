using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using NoOneLeftBehind.Infrastructure.Storage;
using NoOneLeftBehind.Domain.Dossiers;
using NoOneLeftBehind.Domain.Plans;
using NoOneLeftBehind.Infrastructure.Dossiers;
using NoOneLeftBehind.TestSupport;
using Dossier = NoOneLeftBehind.Domain.Dossiers.Dossier;

namespace NoOneLeftBehind.Integration.Tests.Dossiers;

/// <summary>
/// What the SDKs do not give by themselves (issue #14): a write retried after its answer was lost is not a conflict,
/// and no dossier or audit row exceeds what Table storage in Azure accepts (Azurite does not enforce the limits).
/// </summary>
public sealed class DossierStorageSafetyTests(AzuriteFixture azurite) : DossierAppTests(azurite)
{
    private readonly LoseResponseOnce _lose = new();

    // Through the options of the registered client, as an operator's policy would be: every table request of the app passes it.
    protected override void ConfigureTestServices(IServiceCollection services) =>
        services.ConfigureAll<TableClientOptions>(o => o.AddPolicy(_lose, HttpPipelinePosition.PerRetry));

    [Fact]
    public async Task FirstAttemptCommitsButItsAnswerIsLost_CreateAnswers201_EditSucceedsWithoutConflict_OneAuditEntryEach()
    {
        using var submitter = await _app.ClientForAsync("xa-ia-hru");

        // Create: the transaction reaches Azurite and commits, its answer is lost, the SDK retries and meets 409.
        _lose.Arm();
        using var create = await submitter.PostAsJsonAsync("/api/dossiers", Browser.CommuneDossier("23971", "Xã Ia Hrú (trả lời bị mất)"));
        var created = await create.Content.ReadFromJsonAsync<JsonElement>();
        ((int)create.StatusCode).ShouldBe(201, created.ToString());
        _lose.Lost.ShouldBe(1);
        var id = created.GetProperty("id").GetString()!;
        var etag = created.GetProperty("etag").GetString()!;
        etag.ShouldBe((await Browser.GetAsync(submitter, id)).GetProperty("etag").GetString()); // the ETag read back is the stored one

        // Edit: committed, answer lost, the retry meets 412 — not a conflict of someone else.
        _lose.Arm();
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/dossiers/{id}")
        {
            Content = JsonContent.Create(new { achievementsSummary = "Tóm tắt đã sửa: hộ nghèo giảm còn 250 hộ." }),
        };
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        using var edit = await submitter.SendAsync(request);
        var edited = await edit.Content.ReadFromJsonAsync<JsonElement>();
        ((int)edit.StatusCode).ShouldBe(200, edited.ToString());
        _lose.Lost.ShouldBe(2);
        edited.GetProperty("achievementsSummary").GetString().ShouldBe("Tóm tắt đã sửa: hộ nghèo giảm còn 250 hộ.");
        var now = await Browser.GetAsync(submitter, id);
        now.GetProperty("etag").GetString().ShouldBe(edited.GetProperty("etag").GetString());

        var audit = (await submitter.GetFromJsonAsync<JsonElement>($"/api/dossiers/{id}/audit")).EnumerateArray().ToList();
        audit.Select(a => a.GetProperty("action").GetString()).ShouldBe(["create", "edit"]);
    }

    [Fact]
    public async Task RealConflict_StillAConflict_WhenTheWriteIdIsNotOurs()
    {
        using var submitter = await _app.ClientForAsync("xa-ia-hru");
        var created = await Browser.CreateAsync(submitter, Browser.CommuneDossier("23971", "Xã Ia Hrú (xung đột thật)"));
        var id = ParseId(created.GetProperty("id").GetString()!);
        var store = _app.Services.GetRequiredService<DossierStore>();
        var stored = (await store.GetAsync(id))!;
        var first = await store.UpdateAsync(stored.Dossier with { AchievementsSummary = "một" }, stored.ETag, Audit(stored.Dossier, DossierAction.Edit));
        first.Outcome.ShouldBe(DossierWriteOutcome.Succeeded);
        var second = await store.UpdateAsync(stored.Dossier with { AchievementsSummary = "hai" }, stored.ETag, Audit(stored.Dossier, DossierAction.Edit));
        second.Outcome.ShouldBe(DossierWriteOutcome.Stale);
        var again = await store.CreateAsync(stored.Dossier, Audit(stored.Dossier, DossierAction.Create));
        again.Outcome.ShouldBe(DossierWriteOutcome.Exists);
        (await store.GetAsync(id))!.Dossier.AchievementsSummary.ShouldBe("một");
        (await store.AuditAsync(id)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task LargestDossierTheOptionsAllow_FitsTheTableLimits_VietnameseStoredAsItIs_RoundTrips()
    {
        var store = _app.Services.GetRequiredService<DossierStore>();
        var largest = Largest(DossierId.New("23971"));
        var write = await store.CreateAsync(largest, Audit(largest, DossierAction.Create));
        write.Outcome.ShouldBe(DossierWriteOutcome.Succeeded);

        var read = (await store.GetAsync(largest.Id))!;
        JsonSerializer.Serialize(read.Dossier, DossierStorageNames.Json).ShouldBe(JsonSerializer.Serialize(largest, DossierStorageNames.Json));
        read.ETag.ShouldBe(write.ETag);

        var row = (await _app.Table(DossierStorageNames.DossiersTable).GetEntityAsync<TableEntity>("23971", largest.Id.Value)).Value;
        var parts = row.GetInt32(TableLimits.JsonPartsProperty)!.Value;
        parts.ShouldBeGreaterThan(1); // more than one property holds: split, not truncated
        for (var i = 0; i < parts; i++) row.GetString(TableLimits.JsonPart(i))!.Length.ShouldBeLessThanOrEqualTo(32 * 1024);
        row.ContainsKey("Data").ShouldBeFalse();
        TableLimits.EntitySize(row).ShouldBeLessThan(TableLimits.MaxEntityBytes);
        var json = TableLimits.GetJson(row, "Data")!;
        json.ShouldContain("Hợp tác xã Nông nghiệp"); // not \u1EE3…
        json.ShouldNotContain("\\u1E", Case.Insensitive);

        // The audit entry of a change of everything fits too.
        var stored = (await store.GetAsync(largest.Id))!;
        var changed = largest with { AchievementsSummary = new string('ễ', 4000), Files = [.. largest.Files.Select(f => f with { OriginalName = "Đổi " + f.OriginalName[4..] })] };
        var audit = Audit(changed, DossierAction.Edit) with
        {
            Changes = [.. DossierFields.All.Concat(["files", "supplement", "reviewer", "decisionNote"]).Select(f => new FieldChange(f, Vietnamese(2001), Vietnamese(2001)))],
            Note = Vietnamese(4000),
        };
        (await store.UpdateAsync(changed, stored.ETag, audit)).Outcome.ShouldBe(DossierWriteOutcome.Succeeded);
        var entries = await store.AuditAsync(largest.Id);
        entries.Count.ShouldBe(2);
        entries[1].Note.ShouldBe(audit.Note);
    }

    [Fact]
    public async Task DossierOverOneMebibyte_RefusedWithAClearMessage_NothingWritten()
    {
        var store = _app.Services.GetRequiredService<DossierStore>();
        var dossier = Largest(DossierId.New("23971"));
        (await store.CreateAsync(dossier, Audit(dossier, DossierAction.Create))).Outcome.ShouldBe(DossierWriteOutcome.Succeeded);
        var stored = (await store.GetAsync(dossier.Id))!;

        // Rejected files are not counted by the 60-file limit: enough of them outgrow an entity.
        var huge = dossier with { Files = [.. dossier.Files, .. Enumerable.Range(0, 800).Select(i => File(i, FileState.Rejected))] };
        var refused = await Should.ThrowAsync<TableLimitExceededException>(() => store.UpdateAsync(huge, stored.ETag, Audit(huge, DossierAction.Edit)));
        refused.Message.ShouldContain($"Dossier {dossier.Id}");
        refused.Message.ShouldContain("1 MiB");

        var after = (await store.GetAsync(dossier.Id))!;
        after.ETag.ShouldBe(stored.ETag);
        after.Dossier.Files.Count.ShouldBe(dossier.Files.Count);
        (await store.AuditAsync(dossier.Id)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task EditThatWouldNotFit_Answers422TooLargeToStore_NothingWritten()
    {
        using var submitter = await _app.ClientForAsync("xa-ia-hru");
        var created = await Browser.CreateAsync(submitter, Browser.CommuneDossier("23971", "Xã Ia Hrú (quá lớn)"));
        var id = created.GetProperty("id").GetString()!;
        var etag = created.GetProperty("etag").GetString()!;
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/dossiers/{id}")
        {
            // ~600,000 characters: within the request body limit, over the 1 MiB of an entity once stored as UTF-16.
            Content = JsonContent.Create(new { nominee = new { kind = "commune", name = "Xã Ia Hrú (quá lớn)", unitCode = "23971", tags = new[] { "region-3" }, address = new string('a', 600_000) } }),
        };
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        using var response = await submitter.SendAsync(request);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        ((int)response.StatusCode).ShouldBe(422, problem.ToString());
        problem.GetProperty("code").GetString().ShouldBe("too-large-to-store");
        problem.GetProperty("detail").GetString()!.ShouldContain("nothing was written");
        (await Browser.GetAsync(submitter, id)).GetProperty("etag").GetString().ShouldBe(etag);
    }

    [Fact]
    public void Transactions_MoreThan100OperationsOrOver4MiB_Refused()
    {
        var many = Enumerable.Range(0, 101).Select(i => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p", i.ToString("d3", System.Globalization.CultureInfo.InvariantCulture)))).ToList();
        var table = new Uri("http://127.0.0.1:10002/devstoreaccount1/Dossiers");
        Should.Throw<TableLimitExceededException>(() => TableLimits.Check(many, table, "Batch")).Message.ShouldContain("101 operations");
        Should.NotThrow(() => TableLimits.Check(many[..100], table, "Batch"));

        // Each entity within 1 MiB, together over the 4 MiB a transaction carries (Vietnamese is escaped on the wire).
        TableEntity Big(string key)
        {
            var e = new TableEntity("p", key);
            TableLimits.SetJson(e, Vietnamese(15 * TableLimits.JsonPartChars));
            return e;
        }
        var big = new[] { Big("a"), Big("b"), Big("c"), Big("d"), Big("e"), Big("f") };
        foreach (var e in big) Should.NotThrow(() => TableLimits.Check(e, "Row"));
        Should.Throw<TableLimitExceededException>(() => TableLimits.Check([.. big.Select(e => new TableTransactionAction(TableTransactionActionType.Add, e))], table, "Batch"))
            .Message.ShouldContain("4 MiB");
    }

    [Fact]
    public void EntityLimits_PropertyOver64KiB_TooManyProperties_AndTheSplitNeverBreaksASurrogatePair()
    {
        var single = new TableEntity("p", "r") { ["Text"] = new string('a', 32 * 1024 + 1) };
        Should.Throw<TableLimitExceededException>(() => TableLimits.Check(single, "Row")).Message.ShouldContain("property 'Text'");
        var wide = new TableEntity("p", "r");
        for (var i = 0; i < 253; i++) wide["P" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)] = i;
        Should.Throw<TableLimitExceededException>(() => TableLimits.Check(wide, "Row")).Message.ShouldContain("253 properties");

        var text = new string('a', TableLimits.JsonPartChars - 1) + "😀" + "ẫ";
        var entity = new TableEntity("p", "r");
        TableLimits.SetJson(entity, text);
        entity.GetInt32(TableLimits.JsonPartsProperty).ShouldBe(2);
        char.IsHighSurrogate(entity.GetString(TableLimits.JsonPart(0))![^1]).ShouldBeFalse();
        TableLimits.GetJson(entity, "Data").ShouldBe(text);
    }

    private static DossierId ParseId(string id) => DossierId.TryParse(id, out var parsed) ? parsed : throw new ArgumentException(id, nameof(id));

    private static Dossier Largest(DossierId id)
    {
        var now = DateTimeOffset.UtcNow;
        return new Dossier
        {
            Id = id,
            PlanId = PlanId.Parse("chu-puh-2021-2025"),
            Stage = new DossierStage(StageKind.MidTerm, 2023),
            NominatingUnitCode = id.Unit,
            Nominee = new Nominee
            {
                Kind = SubjectKind.Commune, Name = ("Hợp tác xã Nông nghiệp " + Vietnamese(300))[..300], UnitCode = "23971", Tags = [SubjectTags.Region3],
                Address = Vietnamese(500), Position = Vietnamese(500),
            },
            AwardFormId = "giay-khen-chu-tich-huyen",
            NominationYear = 2023,
            AchievementsSummary = Vietnamese(4000),
            // 60 files (the limit), and 60 more refused at confirmation with their reasons.
            Files = [.. Enumerable.Range(0, 60).Select(i => File(i, FileState.Accepted)), .. Enumerable.Range(60, 60).Select(i => File(i, FileState.Rejected))],
            Supplement = [.. Enumerable.Range(0, 10).Select(i => new SupplementItem("bien-ban", null, Vietnamese(1000)))],
            Reviewer = "Lê Văn Cường (Phòng Nội vụ huyện Chư Pưh)",
            DecisionNote = Vietnamese(2000),
            CreatedAt = now,
            CreatedBy = "Nguyễn Thị Hạnh (tid_oid)",
            UpdatedAt = now,
        };
    }

    private static DossierFile File(int i, FileState state)
    {
        var name = ("Biên bản họp Hội đồng thi đua khen thưởng " + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + " " + Vietnamese(200))[..196] + ".pdf";
        return new DossierFile
        {
            Id = Guid.NewGuid().ToString("N"),
            ComponentId = "bao-cao-thanh-tich",
            StoredName = "23971-" + Guid.NewGuid().ToString("N") + "/" + Guid.NewGuid().ToString("N") + "/" + Guid.NewGuid().ToString("N"),
            OriginalName = name,
            State = state,
            Size = 50L * 1024 * 1024,
            Kind = state == FileState.Accepted ? FileKind.Pdf : null,
            Sha256 = state == FileState.Accepted ? new string('a', 64) : null,
            Rejection = state == FileState.Rejected
                ? new DossierText($"Tệp '{name}' có nội dung PNG, không phải PDF như phần mở rộng khai báo.", $"File '{name}' holds PNG content, not PDF as its extension declares.")
                : null,
            AddedAt = DateTimeOffset.UtcNow,
        };
    }

    private static DossierAuditEntry Audit(Dossier d, DossierAction action) =>
        new(d.Id.Value, DateTimeOffset.UtcNow, "Nguyễn Thị Hạnh (tid_oid)", action, null, d.Status, d.Revision, [], null, "203.113.0.9", "Mozilla/5.0 (thử nghiệm)");

    /// <summary><paramref name="length"/> characters of Vietnamese text (letters with diacritics, spaces).</summary>
    private static string Vietnamese(int length)
    {
        const string words = "Thành tích xuất sắc trong phong trào thi đua giảm nghèo bền vững, hộ nghèo giảm mạnh; ";
        var builder = new StringBuilder(length + words.Length);
        while (builder.Length < length) builder.Append(words);
        return builder.ToString(0, length);
    }

    /// <summary>Lets one armed entity-group transaction reach the service, then loses its answer: the SDK retries it.</summary>
    private sealed class LoseResponseOnce : HttpPipelinePolicy
    {
        private int _armed;
        private int _lost;

        public int Lost => Volatile.Read(ref _lost);

        public void Arm() => Volatile.Write(ref _armed, 1);

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            await ProcessNextAsync(message, pipeline);
            Lose(message);
        }

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            ProcessNext(message, pipeline);
            Lose(message);
        }

        private void Lose(HttpMessage message)
        {
            if (message.Request.Method != RequestMethod.Post || !message.Request.Uri.Path.EndsWith("$batch", StringComparison.Ordinal)) return;
            if (message.Response.Status != 202 || Interlocked.Exchange(ref _armed, 0) != 1) return;
            Interlocked.Increment(ref _lost);
            throw new IOException("Test: the transaction committed, its answer was lost on the way back.");
        }
    }
}
