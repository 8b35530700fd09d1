using System.Text.RegularExpressions;
using NoOneLeftBehind.Domain.Identity;

namespace NoOneLeftBehind.Domain.Bodies;

/// <summary>
/// An organisation that nominates for awards (ADR 0008): a provincial department (Sở), the Fatherland
/// Front, an association, a bank branch, an office, a school, or a people's committee. It belongs to one
/// administrative unit (a provincial Sở belongs to the province) and plays plan roles there
/// (<see cref="BodyRoles"/>): quotas name roles, not bodies.
/// </summary>
/// <param name="Id">Registered bodies: kebab-case, 3–64 characters (<c>bac-giang-so-ldtbxh</c>). The people's
/// committee of a unit is implicit: <c>ubnd:{unitCode}</c> (see <see cref="PeoplesCommittee"/>).</param>
/// <param name="Name">Its name, as written in the plans (<c>Sở Lao động – Thương binh và Xã hội tỉnh Bắc Giang</c>).</param>
/// <param name="Kind">One of <see cref="BodyKinds.All"/>.</param>
/// <param name="UnitCode">The administrative unit it belongs to (2-, 3- or 5-digit official code).</param>
/// <param name="Roles">The plan roles it plays in its unit (<see cref="BodyRoles"/>); may be empty.</param>
public sealed record NominatingBody(string Id, string Name, string Kind, string UnitCode, IReadOnlyList<string> Roles)
{
    /// <summary>The prefix of the implicit people's-committee body ids.</summary>
    public const string PeoplesCommitteePrefix = "ubnd:";

    /// <summary>True when this is a unit's implicit people's committee (not stored).</summary>
    public bool IsImplicit => Id.StartsWith(PeoplesCommitteePrefix, StringComparison.Ordinal);

    /// <summary>
    /// The implicit body of <paramref name="unitCode"/>'s people's committee: kind and role by level
    /// (province <c>ubnd-tinh</c>, district <c>ubnd-huyen</c>, commune <c>ubnd-xa</c>). Every unit has it
    /// without registration, so nominations made as a unit keep working.
    /// </summary>
    public static NominatingBody PeoplesCommittee(string unitCode, string? unitName = null)
    {
        if (!IsUnitCode(unitCode)) throw new ArgumentException($"'{unitCode}' is not a unit code.", nameof(unitCode));
        var kind = unitCode.Length switch { 2 => BodyKinds.UbndTinh, 3 => BodyKinds.UbndHuyen, _ => BodyKinds.UbndXa };
        return new(PeoplesCommitteePrefix + unitCode, unitName is null ? $"UBND {unitCode}" : $"UBND {unitName}", kind, unitCode, [kind]);
    }

    /// <summary>The unit code of an implicit body id (<c>ubnd:220</c> → <c>220</c>), or null when the id is not one.</summary>
    public static string? ImplicitUnitOf(string? bodyId) =>
        bodyId is not null && bodyId.StartsWith(PeoplesCommitteePrefix, StringComparison.Ordinal) && IsUnitCode(bodyId[PeoplesCommitteePrefix.Length..])
            ? bodyId[PeoplesCommitteePrefix.Length..]
            : null;

    /// <summary>True when this body plays <paramref name="role"/>.</summary>
    public bool Plays(string role) => Roles.Contains(role, StringComparer.Ordinal);

    /// <summary>Equal when every field is, roles compared in order.</summary>
    public bool Equals(NominatingBody? other) =>
        other is not null && string.Equals(Id, other.Id, StringComparison.Ordinal) && string.Equals(Name, other.Name, StringComparison.Ordinal)
        && string.Equals(Kind, other.Kind, StringComparison.Ordinal) && string.Equals(UnitCode, other.UnitCode, StringComparison.Ordinal)
        && Roles.SequenceEqual(other.Roles, StringComparer.Ordinal);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Id, Name, Kind, UnitCode, Roles.Count);

    /// <summary>An official 2-, 3- or 5-digit code (not the national scope).</summary>
    public static bool IsUnitCode(string? code) =>
        ScopeUnitCodes.IsValid(code) && !string.Equals(code, ScopeUnitCodes.National, StringComparison.Ordinal);
}

/// <summary>The kinds of nominating body (ADR 0008).</summary>
public static class BodyKinds
{
    /// <summary>Sở, ban (provincial departments and boards).</summary>
    public const string SoBan = "so-ban";
    /// <summary>Ủy ban Mặt trận Tổ quốc.</summary>
    public const string MatTran = "mat-tran";
    /// <summary>Hội (associations: Hội LHPN…).</summary>
    public const string Hoi = "hoi";
    /// <summary>Ngân hàng (bank branches: NHCSXH…).</summary>
    public const string NganHang = "ngan-hang";
    /// <summary>Văn phòng (Văn phòng UBND…).</summary>
    public const string VanPhong = "van-phong";
    /// <summary>Trường học.</summary>
    public const string TruongHoc = "truong-hoc";
    /// <summary>UBND cấp tỉnh (implicit body of a province only).</summary>
    public const string UbndTinh = "ubnd-tinh";
    /// <summary>UBND cấp huyện.</summary>
    public const string UbndHuyen = "ubnd-huyen";
    /// <summary>UBND cấp xã.</summary>
    public const string UbndXa = "ubnd-xa";

    /// <summary>The kinds a registered body may have.</summary>
    public static IReadOnlyList<string> All { get; } = [SoBan, MatTran, Hoi, NganHang, VanPhong, TruongHoc, UbndHuyen, UbndXa];
}

/// <summary>
/// The plan roles a body can play (ADR 0008 §4): quotas are allocated to roles, and a registered body
/// carries the roles it plays in its province.
/// </summary>
public static class BodyRoles
{
    /// <summary>Every known role.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        "so-ldtbxh", "so-khdt", "so-tai-chinh", "ban-dan-toc", "mttq-tinh", "hoi-lhpn-tinh", "nhcsxh-tinh", "van-phong-ubnd-tinh",
        BodyKinds.UbndTinh, BodyKinds.UbndHuyen, BodyKinds.UbndXa,
    ];
}

/// <summary>What was wrong with a body as entered, naming the field, in Vietnamese and English.</summary>
/// <param name="Field">The request field (<c>id</c>, <c>name</c>, <c>kind</c>, <c>unitCode</c>, <c>roles[1]</c>).</param>
/// <param name="Code">Stable code: <c>required</c>, <c>invalid-id</c>, <c>reserved-id</c>, <c>too-long</c>, <c>unknown-kind</c>, <c>invalid-unit</c>, <c>unknown-role</c>, <c>duplicate-role</c>.</param>
/// <param name="Vi">Vietnamese message.</param>
/// <param name="En">English message.</param>
public sealed record BodyProblem(string Field, string Code, string Vi, string En);

/// <summary>Checks a body as an admin entered it (pure: the unit's existence is asked of <c>unitExists</c>).</summary>
public static partial class BodyValidation
{
    /// <summary>The longest name accepted.</summary>
    public const int MaxNameLength = 200;

    /// <summary>The problems of <paramref name="body"/>; empty when it can be stored.</summary>
    public static IReadOnlyList<BodyProblem> Check(NominatingBody body, Func<string, bool> unitExists)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(unitExists);
        var problems = new List<BodyProblem>();
        if (string.IsNullOrEmpty(body.Id))
            problems.Add(new("id", "required", "Cần mã cơ quan (id).", "id is required."));
        else if (body.Id.StartsWith(NominatingBody.PeoplesCommitteePrefix, StringComparison.Ordinal))
            problems.Add(new("id", "reserved-id", "Mã 'ubnd:…' dành cho UBND của đơn vị hành chính, có sẵn, không tạo hay sửa được.",
                "Ids 'ubnd:…' are the implicit people's committees of units; they cannot be created or changed."));
        else if (!IdPattern().IsMatch(body.Id))
            problems.Add(new("id", "invalid-id", "Mã cơ quan gồm 3–64 chữ thường không dấu, chữ số và dấu gạch ngang (vd. bac-giang-so-ldtbxh).",
                "id: 3–64 lower-case ASCII letters, digits and hyphens (e.g. bac-giang-so-ldtbxh)."));
        if (string.IsNullOrWhiteSpace(body.Name))
            problems.Add(new("name", "required", "Cần tên cơ quan.", "name is required."));
        else if (body.Name.Length > MaxNameLength)
            problems.Add(new("name", "too-long", $"Tên cơ quan tối đa {MaxNameLength} ký tự.", $"name: at most {MaxNameLength} characters."));
        if (string.IsNullOrEmpty(body.Kind))
            problems.Add(new("kind", "required", "Cần loại cơ quan.", "kind is required."));
        else if (!BodyKinds.All.Contains(body.Kind, StringComparer.Ordinal))
            problems.Add(new("kind", "unknown-kind", $"Loại cơ quan '{body.Kind}' không có; dùng một trong: {string.Join(", ", BodyKinds.All)}.",
                $"Unknown kind '{body.Kind}'; use one of: {string.Join(", ", BodyKinds.All)}."));
        if (string.IsNullOrEmpty(body.UnitCode))
            problems.Add(new("unitCode", "required", "Cần mã đơn vị hành chính của cơ quan.", "unitCode is required."));
        else if (!NominatingBody.IsUnitCode(body.UnitCode) || !unitExists(body.UnitCode))
            problems.Add(new("unitCode", "invalid-unit", $"Không có đơn vị hành chính mã '{body.UnitCode}'.", $"No administrative unit has code '{body.UnitCode}'."));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (body.Roles?.Count ?? 0); i++)
        {
            var role = body.Roles![i];
            if (!BodyRoles.All.Contains(role, StringComparer.Ordinal))
                problems.Add(new($"roles[{i}]", "unknown-role", $"Vai trò '{role}' không có; dùng một trong: {string.Join(", ", BodyRoles.All)}.",
                    $"Unknown role '{role}'; use one of: {string.Join(", ", BodyRoles.All)}."));
            else if (!seen.Add(role))
                problems.Add(new($"roles[{i}]", "duplicate-role", $"Vai trò '{role}' bị lặp.", $"Role '{role}' is listed twice."));
        }
        return problems;
    }

    [GeneratedRegex("^(?=.{3,64}$)[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}

/// <summary>One audited change of a registered body.</summary>
/// <param name="BodyId">Which body.</param>
/// <param name="At">When.</param>
/// <param name="Actor">Who (<c>{tid}_{oid} (name)</c>, or a system actor such as <c>dev-seed</c>).</param>
/// <param name="Action"><c>create</c>, <c>update</c> or <c>delete</c>.</param>
/// <param name="Before">The body before, or null when created.</param>
/// <param name="After">The body after, or null when deleted.</param>
public sealed record BodyAuditEntry(string BodyId, DateTimeOffset At, string Actor, string Action, NominatingBody? Before, NominatingBody? After)
{
    /// <summary>A body was registered.</summary>
    public const string Create = "create";
    /// <summary>A body was changed.</summary>
    public const string Update = "update";
    /// <summary>A body was removed.</summary>
    public const string Delete = "delete";
}

/// <summary>
/// Port: where registered bodies are kept (one row per body id, ids unique across the country), with an
/// append-only audit of every change. Implemented on Table storage in the infrastructure layer.
/// </summary>
public interface INominatingBodyStore
{
    /// <summary>The registered body with <paramref name="id"/>, or null.</summary>
    Task<NominatingBody?> FindAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Every registered body.</summary>
    Task<IReadOnlyList<NominatingBody>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Registers <paramref name="body"/> and audits it; false (nothing written) when its id is taken.</summary>
    Task<bool> CreateAsync(NominatingBody body, string actor, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Replaces the body with the same id and audits before → after; returns the body before, or null (nothing written) when there is none.</summary>
    Task<NominatingBody?> UpdateAsync(NominatingBody body, string actor, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Removes the body and audits it; returns the removed body, or null (nothing recorded) when there is none.</summary>
    Task<NominatingBody?> DeleteAsync(string id, string actor, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>The audit of one body, newest first.</summary>
    Task<IReadOnlyList<BodyAuditEntry>> GetAuditAsync(string id, CancellationToken cancellationToken = default);
}
