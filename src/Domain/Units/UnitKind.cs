namespace NoOneLeftBehind.Domain.Units;

/// <summary>The level of an administrative unit in the hierarchy.</summary>
public enum UnitLevel
{
    /// <summary>Cấp tỉnh: province or centrally-run city.</summary>
    Province = 1,

    /// <summary>Cấp huyện: district, town, provincial city, urban district (abolished on 01/07/2025).</summary>
    District = 2,

    /// <summary>Cấp xã: commune, ward, township, special zone.</summary>
    Commune = 3,

    /// <summary>Thôn, làng, bản, tổ dân phố: below the commune, where the data supplies it.</summary>
    Village = 4,
}

/// <summary>The legal kind of an administrative unit (loại đơn vị hành chính).</summary>
public enum UnitKind
{
    /// <summary>Thành phố trực thuộc trung ương.</summary>
    Municipality,

    /// <summary>Tỉnh.</summary>
    Province,

    /// <summary>Thành phố thuộc thành phố trực thuộc trung ương (Thủ Đức).</summary>
    MunicipalCity,

    /// <summary>Thành phố thuộc tỉnh.</summary>
    ProvincialCity,

    /// <summary>Quận.</summary>
    UrbanDistrict,

    /// <summary>Thị xã.</summary>
    Town,

    /// <summary>Huyện.</summary>
    RuralDistrict,

    /// <summary>Phường.</summary>
    Ward,

    /// <summary>Thị trấn.</summary>
    Township,

    /// <summary>Xã.</summary>
    Commune,

    /// <summary>Đặc khu (special zone, commune level since 01/07/2025).</summary>
    SpecialZone,

    /// <summary>Thôn, làng, bản, tổ dân phố.</summary>
    Village,
}

/// <summary>Facts about <see cref="UnitKind"/> values.</summary>
public static class UnitKinds
{
    /// <summary>The level a kind of unit sits at.</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>Its level.</returns>
    public static UnitLevel Level(this UnitKind kind) => kind switch
    {
        UnitKind.Municipality or UnitKind.Province => UnitLevel.Province,
        UnitKind.MunicipalCity or UnitKind.ProvincialCity or UnitKind.UrbanDistrict or UnitKind.Town
            or UnitKind.RuralDistrict => UnitLevel.District,
        UnitKind.Ward or UnitKind.Township or UnitKind.Commune or UnitKind.SpecialZone => UnitLevel.Commune,
        UnitKind.Village => UnitLevel.Village,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>The Vietnamese word that prefixes the unit's name ("Thành phố", "Huyện", "Xã" …).</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>The prefix of the full name.</returns>
    public static string VietnamesePrefix(this UnitKind kind) => kind switch
    {
        UnitKind.Municipality or UnitKind.MunicipalCity or UnitKind.ProvincialCity => "Thành phố",
        UnitKind.Province => "Tỉnh",
        UnitKind.UrbanDistrict => "Quận",
        UnitKind.Town => "Thị xã",
        UnitKind.RuralDistrict => "Huyện",
        UnitKind.Ward => "Phường",
        UnitKind.Township => "Thị trấn",
        UnitKind.Commune => "Xã",
        UnitKind.SpecialZone => "Đặc khu",
        UnitKind.Village => "Thôn",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>The short key of a kind in the embedded data files (e.g. <c>huyen</c>, <c>dac-khu</c>).</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>The key.</returns>
    public static string Key(this UnitKind kind) => kind switch
    {
        UnitKind.Municipality => "tp-tw",
        UnitKind.Province => "tinh",
        UnitKind.MunicipalCity => "tp-thuoc-tp",
        UnitKind.ProvincialCity => "tp-thuoc-tinh",
        UnitKind.UrbanDistrict => "quan",
        UnitKind.Town => "thi-xa",
        UnitKind.RuralDistrict => "huyen",
        UnitKind.Ward => "phuong",
        UnitKind.Township => "thi-tran",
        UnitKind.Commune => "xa",
        UnitKind.SpecialZone => "dac-khu",
        UnitKind.Village => "thon",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>Reads a key written by <see cref="Key"/>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="kind">The kind when the key is known.</param>
    /// <returns><see langword="true"/> when the key is known.</returns>
    public static bool TryParseKey(string key, out UnitKind kind)
    {
        foreach (var candidate in Enum.GetValues<UnitKind>())
        {
            if (string.Equals(candidate.Key(), key, StringComparison.Ordinal))
            {
                kind = candidate;
                return true;
            }
        }

        kind = default;
        return false;
    }
}
