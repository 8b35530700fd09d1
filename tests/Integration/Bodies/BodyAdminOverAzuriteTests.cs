using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NoOneLeftBehind.Integration.Tests.Identity;
using NoOneLeftBehind.TestSupport;

namespace NoOneLeftBehind.Integration.Tests.Bodies;

/// <summary>
/// Nominating-body administration on real storage over HTTP: a Bắc Giang admin registers, changes and
/// removes a body of their province, every change audited; bodies outside their scope answer 403;
/// bad input answers 400 naming the field in Vietnamese and English, and changes nothing.
/// </summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class BodyAdminOverAzuriteTests(AzuriteFixture azurite) : IDisposable
{
    private readonly AppOnAzurite _app = new(azurite);

    public void Dispose() => _app.Dispose();

    private static string NewId() => $"test-{Guid.NewGuid():N}"[..24];

    private static object Body(string id, string unitCode = "24", string name = "Sở Kế hoạch và Đầu tư tỉnh Bắc Giang", string kind = "so-ban", string[]? roles = null) =>
        new { id, name, kind, unitCode, roles = roles ?? ["so-khdt"] };

    [Fact]
    public async Task ProvinceAdmin_CreatesUpdatesDeletes_PersistedAndAudited()
    {
        using var admin = await DevUsers.SignInAsync(_app.CreateClient(), "quan-tri-bac-giang");
        var id = NewId();

        using (var post = await admin.PostAsJsonAsync("/api/admin/bodies", Body(id)))
        {
            post.StatusCode.ShouldBe(HttpStatusCode.Created);
            post.Headers.Location!.ToString().ShouldBe($"/api/admin/bodies/{id}");
        }
        using (var again = await admin.PostAsJsonAsync("/api/admin/bodies", Body(id)))
        {
            again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
            (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("body-exists");
        }
        // Moved to Sơn Động (a district of Bắc Giang), renamed.
        using (var put = await admin.PutAsJsonAsync($"/api/admin/bodies/{id}", Body(id, unitCode: "220", name: "Trường THPT Sơn Động", kind: "truong-hoc", roles: [])))
            put.StatusCode.ShouldBe(HttpStatusCode.OK);
        var got = await admin.GetFromJsonAsync<JsonElement>($"/api/admin/bodies/{id}");
        got.GetProperty("unitCode").GetString().ShouldBe("220");
        got.GetProperty("kind").GetString().ShouldBe("truong-hoc");
        (await admin.GetFromJsonAsync<JsonElement>("/api/admin/bodies?unitCode=220")).EnumerateArray()
            .ShouldContain(e => e.GetProperty("id").GetString() == id);

        using (var delete = await admin.DeleteAsync($"/api/admin/bodies/{id}"))
            delete.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        using (var gone = await admin.GetAsync($"/api/admin/bodies/{id}"))
            gone.StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var audit = (await admin.GetFromJsonAsync<JsonElement>($"/api/admin/bodies/{id}/audit")).EnumerateArray().ToList();
        audit.Select(e => e.GetProperty("action").GetString()).ShouldBe(["delete", "update", "create"]);
        audit.ShouldAllBe(e => e.GetProperty("actor").GetString()!.Contains("Thân Văn Hùng"));
        audit[1].GetProperty("before").GetProperty("unitCode").GetString().ShouldBe("24");
        audit[1].GetProperty("after").GetProperty("unitCode").GetString().ShouldBe("220");
        audit[0].GetProperty("after").ValueKind.ShouldBe(JsonValueKind.Null);
        audit[2].GetProperty("before").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task OutsideTheAdminsScope_Forbidden_NothingWritten()
    {
        using var national = await DevUsers.SignInAsync(_app.CreateClient(), "quan-tri");
        using var bacGiang = await DevUsers.SignInAsync(_app.CreateClient(), "quan-tri-bac-giang");
        using var submitter = await DevUsers.SignInAsync(_app.CreateClient(), "huyen-chu-puh");
        var gialai = NewId();
        using (var post = await national.PostAsJsonAsync("/api/admin/bodies", Body(gialai, unitCode: "64", name: "Sở Tài chính tỉnh Gia Lai", roles: ["so-tai-chinh"])))
            post.StatusCode.ShouldBe(HttpStatusCode.Created);

        var other = NewId();
        using (var post = await bacGiang.PostAsJsonAsync("/api/admin/bodies", Body(other, unitCode: "64")))
            post.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await bacGiang.GetAsync($"/api/admin/bodies/{gialai}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await bacGiang.PutAsJsonAsync($"/api/admin/bodies/{gialai}", Body(gialai, unitCode: "24"))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await bacGiang.DeleteAsync($"/api/admin/bodies/{gialai}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await bacGiang.GetAsync($"/api/admin/bodies/{gialai}/audit")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await bacGiang.GetFromJsonAsync<JsonElement>("/api/admin/bodies")).EnumerateArray()
            .ShouldNotContain(e => e.GetProperty("unitCode").GetString() == "64");
        // A Bắc Giang body cannot be moved out of the province by its admin either.
        var own = NewId();
        (await bacGiang.PostAsJsonAsync("/api/admin/bodies", Body(own))).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await bacGiang.PutAsJsonAsync($"/api/admin/bodies/{own}", Body(own, unitCode: "639"))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        // Not an admin at all.
        (await submitter.GetAsync("/api/admin/bodies")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        (await national.GetAsync($"/api/admin/bodies/{other}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var gialaiNow = await national.GetFromJsonAsync<JsonElement>($"/api/admin/bodies/{gialai}");
        gialaiNow.GetProperty("unitCode").GetString().ShouldBe("64");
        (await national.GetFromJsonAsync<JsonElement>($"/api/admin/bodies/{own}")).GetProperty("unitCode").GetString().ShouldBe("24");
        (await national.GetFromJsonAsync<JsonElement>($"/api/admin/bodies/{gialai}/audit")).GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task BadInput_400NamingEachField_InVietnameseAndEnglish_NothingWritten()
    {
        using var admin = await DevUsers.SignInAsync(_app.CreateClient(), "quan-tri-bac-giang");
        var id = "Sở-Bad";
        using var post = await admin.PostAsJsonAsync("/api/admin/bodies", new { id, name = "", kind = "cong-ty", unitCode = "99", roles = new[] { "so-giao-duc" } });
        post.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        post.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await post.Content.ReadFromJsonAsync<JsonElement>();
        var items = problem.GetProperty("problems").EnumerateArray().ToList();
        items.Select(p => (p.GetProperty("field").GetString(), p.GetProperty("code").GetString())).ShouldBe([
            ("id", "invalid-id"), ("name", "required"), ("kind", "unknown-kind"), ("unitCode", "invalid-unit"), ("roles[0]", "unknown-role"),
        ]);
        items.ShouldAllBe(p => p.GetProperty("vi").GetString()!.Length > 0 && p.GetProperty("en").GetString()!.Length > 0);
        problem.GetProperty("errors").TryGetProperty("kind", out _).ShouldBeTrue();

        // The implicit people's committee is readable but cannot be changed or deleted.
        var ubnd = await admin.GetFromJsonAsync<JsonElement>("/api/admin/bodies/ubnd:220");
        ubnd.GetProperty("kind").GetString().ShouldBe("ubnd-huyen");
        ubnd.GetProperty("implicit").GetBoolean().ShouldBeTrue();
        using (var put = await admin.PutAsJsonAsync("/api/admin/bodies/ubnd:220", Body("ubnd:220", unitCode: "220", kind: "ubnd-huyen", roles: ["ubnd-huyen"])))
        {
            put.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await put.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("problems")[0].GetProperty("code").GetString().ShouldBe("reserved-id");
        }
        (await admin.DeleteAsync("/api/admin/bodies/ubnd:220")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        // A body whose id differs from the path's.
        var real = NewId();
        (await admin.PostAsJsonAsync("/api/admin/bodies", Body(real))).StatusCode.ShouldBe(HttpStatusCode.Created);
        using (var put = await admin.PutAsJsonAsync($"/api/admin/bodies/{real}", Body(NewId())))
            (await put.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("problems")[0].GetProperty("field").GetString().ShouldBe("id");
        (await admin.GetFromJsonAsync<JsonElement>($"/api/admin/bodies/{real}/audit")).GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task UnitScope_MayNameABodyOfThatUnit_OnlyThat()
    {
        using var admin = await DevUsers.SignInAsync(_app.CreateClient(), "quan-tri-bac-giang");
        var id = NewId();
        (await admin.PostAsJsonAsync("/api/admin/bodies", Body(id, roles: ["so-ldtbxh"]))).StatusCode.ShouldBe(HttpStatusCode.Created);
        var target = $"/api/admin/unit-scopes/{DevUsers.Tenant}/{Guid.NewGuid()}";

        using (var wrongUnit = await admin.PutAsJsonAsync(target, new { unitCode = "220", bodyId = id }))
        {
            wrongUnit.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            var item = (await wrongUnit.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("problems")[0];
            (item.GetProperty("field").GetString(), item.GetProperty("code").GetString()).ShouldBe(("bodyId", "body-not-of-unit"));
        }
        using (var unknown = await admin.PutAsJsonAsync(target, new { unitCode = "24", bodyId = "khong-co-co-quan-nay" }))
            (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("problems")[0].GetProperty("code").GetString().ShouldBe("unknown-body");
        (await admin.PutAsJsonAsync(target, new { unitCode = "220", bodyId = "ubnd:24" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await admin.GetAsync(target)).StatusCode.ShouldBe(HttpStatusCode.Forbidden); // nothing assigned

        using (var put = await admin.PutAsJsonAsync(target, new { unitCode = "24", bodyId = id }))
            put.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await admin.GetFromJsonAsync<JsonElement>(target)).GetProperty("bodyId").GetString().ShouldBe(id);
        using (var put = await admin.PutAsJsonAsync(target, new { unitCode = "220", bodyId = "ubnd:220" }))
            put.StatusCode.ShouldBe(HttpStatusCode.OK);
        var audit = (await admin.GetFromJsonAsync<JsonElement>(target + "/audit")).EnumerateArray().ToList();
        audit.Select(e => (e.GetProperty("before").GetString(), e.GetProperty("beforeBody").GetString(), e.GetProperty("after").GetString(), e.GetProperty("afterBody").GetString()))
            .ShouldBe([("24", id, "220", "ubnd:220"), (null, null, "24", id)]);
    }
}
