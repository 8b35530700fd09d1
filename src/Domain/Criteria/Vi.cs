using System.Globalization;

namespace NoOneLeftBehind.Domain.Criteria;

/// <summary>
/// Vietnamese number formatting, explicit so that it does not depend on the ICU data of the machine:
/// decimal comma, thousands dot (<c>20,00 %</c>, <c>1.234</c>).
/// </summary>
internal static class Vi
{
    public static readonly NumberFormatInfo Numbers = NumberFormatInfo.ReadOnly(new NumberFormatInfo
    {
        NumberDecimalSeparator = ",",
        NumberGroupSeparator = ".",
        NumberGroupSizes = [3],
        NegativeSign = "-",
    });

    /// <summary>A rate with two decimals: <c>20,00 %</c>.</summary>
    public static string Percent(decimal value, int decimals = 2) => Fixed(value, decimals) + " %";

    /// <summary>A number with a fixed count of decimals and thousands separators.</summary>
    public static string Fixed(decimal value, int decimals) =>
        Math.Round(value, decimals, MidpointRounding.AwayFromZero).ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), Numbers);

    /// <summary>A threshold as written in plans: <c>4</c>, <c>1,5</c>.</summary>
    public static string Number(decimal value) => value.ToString("#,0.######", Numbers);

    /// <summary>A count: <c>1.234</c>.</summary>
    public static string Count(long value) => value.ToString("#,0", Numbers);

    /// <summary>A year, without separators.</summary>
    public static string Year(int year) => year.ToString(CultureInfo.InvariantCulture);

    /// <summary>Chooses two decimals unless they would round across the threshold, then up to six.</summary>
    public static int DecimalsFor(decimal value, decimal threshold, bool holds, Func<decimal, decimal, bool> test)
    {
        for (var d = 2; d < 6; d++)
        {
            if (test(Math.Round(value, d, MidpointRounding.AwayFromZero), threshold) == holds)
                return d;
        }
        return 6;
    }

    public static string Word(CriterionStatus status) => status switch
    {
        CriterionStatus.Met => "đạt",
        CriterionStatus.NotMet => "không đạt",
        CriterionStatus.InsufficientData => "chưa đủ số liệu",
        _ => "cần người thẩm định đánh giá",
    };

    public static string Mark(CriterionStatus status) => status switch
    {
        CriterionStatus.Met => "✓",
        CriterionStatus.NotMet => "✗",
        _ => "?",
    };
}
