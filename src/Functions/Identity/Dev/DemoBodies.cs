using NoOneLeftBehind.Domain.Bodies;

namespace NoOneLeftBehind.Functions.Identity.Dev;

/// <summary>
/// Bắc Giang's eight provincial nominating bodies of the sơ kết 2023 plan (seed 003, IV.2.a), seeded with the demo
/// users (development issuer only). Their roles are the ones the plan's quotas name.
/// </summary>
internal static class DemoBodies
{
    /// <summary>The Sở LĐ-TB&amp;XH Bắc Giang body, which the demo user <c>so-ldtbxh-bac-giang</c> acts for.</summary>
    public const string SoLdtbxhBacGiang = "bac-giang-so-ldtbxh";

    public static IReadOnlyList<NominatingBody> All { get; } =
    [
        new(SoLdtbxhBacGiang, "Sở Lao động – Thương binh và Xã hội tỉnh Bắc Giang", BodyKinds.SoBan, "24", ["so-ldtbxh"]),
        new("bac-giang-so-khdt", "Sở Kế hoạch và Đầu tư tỉnh Bắc Giang", BodyKinds.SoBan, "24", ["so-khdt"]),
        new("bac-giang-so-tai-chinh", "Sở Tài chính tỉnh Bắc Giang", BodyKinds.SoBan, "24", ["so-tai-chinh"]),
        new("bac-giang-ban-dan-toc", "Ban Dân tộc tỉnh Bắc Giang", BodyKinds.SoBan, "24", ["ban-dan-toc"]),
        new("bac-giang-mttq", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Bắc Giang", BodyKinds.MatTran, "24", ["mttq-tinh"]),
        new("bac-giang-hoi-lhpn", "Hội Liên hiệp Phụ nữ tỉnh Bắc Giang", BodyKinds.Hoi, "24", ["hoi-lhpn-tinh"]),
        new("bac-giang-nhcsxh", "Chi nhánh Ngân hàng Chính sách xã hội tỉnh Bắc Giang", BodyKinds.NganHang, "24", ["nhcsxh-tinh"]),
        new("bac-giang-van-phong-ubnd", "Văn phòng UBND tỉnh Bắc Giang", BodyKinds.VanPhong, "24", ["van-phong-ubnd-tinh"]),
    ];
}
