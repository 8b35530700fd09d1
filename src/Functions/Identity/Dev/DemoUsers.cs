using NoOneLeftBehind.Domain.Identity;

namespace NoOneLeftBehind.Functions.Identity.Dev;

/// <summary>A seeded user of the development issuer.</summary>
/// <param name="Id">Short id used by the sign-in page and <c>POST /dev/token</c>.</param>
/// <param name="ObjectId">Fixed object id (<c>oid</c>).</param>
/// <param name="Name">Display name.</param>
/// <param name="Title">Who they are, in Vietnamese.</param>
/// <param name="Role">Their app role.</param>
/// <param name="UnitCode">Their unit scope.</param>
/// <param name="UnitName">The unit's name.</param>
/// <param name="BodyId">The nominating body of that unit they act for (<see cref="DemoBodies"/>), or null for the unit's committee.</param>
internal sealed record DemoUser(string Id, Guid ObjectId, string Name, string Title, AppRole Role, string UnitCode, string UnitName, string? BodyId = null);

/// <summary>
/// The demo users, with unit codes of the GSO list before the July 2025 reorganisation (the units of
/// the 2021–2025 plans): Gia Lai 64, its district Chư Pưh 639, Chư Pưh's commune Ia Hrú 23971; Bắc Giang 24.
/// </summary>
internal static class DemoUsers
{
    public static IReadOnlyList<DemoUser> All { get; } =
    [
        new("huyen-chu-puh", new Guid("0d000000-0000-4000-8000-000000000001"), "Nguyễn Văn An",
            "Cán bộ UBND huyện Chư Pưh (nộp hồ sơ)", AppRole.Submitter, "639", "Huyện Chư Pưh, tỉnh Gia Lai"),
        new("xa-ia-hru", new Guid("0d000000-0000-4000-8000-000000000002"), "Rơ Mah H'Bình",
            "Cán bộ UBND xã Ia Hrú (nộp hồ sơ)", AppRole.Submitter, "23971", "Xã Ia Hrú, huyện Chư Pưh"),
        new("tham-dinh-gia-lai", new Guid("0d000000-0000-4000-8000-000000000003"), "Lê Văn Cường",
            "Chuyên viên Sở LĐ-TB&XH Gia Lai (thẩm định)", AppRole.Reviewer, "64", "Tỉnh Gia Lai"),
        new("lanh-dao-gia-lai", new Guid("0d000000-0000-4000-8000-000000000004"), "Phạm Thị Dung",
            "Lãnh đạo UBND tỉnh Gia Lai (xem báo cáo)", AppRole.Leader, "64", "Tỉnh Gia Lai"),
        new("lanh-dao-trung-uong", new Guid("0d000000-0000-4000-8000-000000000005"), "Hoàng Minh Đức",
            "Lãnh đạo Bộ LĐ-TB&XH (xem báo cáo toàn quốc)", AppRole.Leader, ScopeUnitCodes.National, "Toàn quốc"),
        new("quan-tri", new Guid("0d000000-0000-4000-8000-000000000006"), "Đỗ Thị Giang",
            "Quản trị hệ thống (phân quyền đơn vị)", AppRole.Admin, ScopeUnitCodes.National, "Toàn quốc"),
        new("quan-tri-bac-giang", new Guid("0d000000-0000-4000-8000-000000000007"), "Thân Văn Hùng",
            "Quản trị tỉnh Bắc Giang (cơ quan đề nghị, phân quyền trong tỉnh)", AppRole.Admin, "24", "Tỉnh Bắc Giang"),
        new("so-ldtbxh-bac-giang", new Guid("0d000000-0000-4000-8000-000000000008"), "Nguyễn Thị Lan",
            "Cán bộ Sở LĐ-TB&XH Bắc Giang (nộp hồ sơ của Sở)", AppRole.Submitter, "24", "Tỉnh Bắc Giang", DemoBodies.SoLdtbxhBacGiang),
    ];

    public static DemoUser? Find(string? id) => All.FirstOrDefault(u => string.Equals(u.Id, id, StringComparison.Ordinal));
}
