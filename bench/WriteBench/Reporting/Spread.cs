namespace WriteBench.Reporting;

/// <summary>Min / median / max over repetitions.</summary>
public readonly record struct Spread(double Min, double Median, double Max, int Count)
{
    public static Spread Of(IEnumerable<double> values)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        if (sorted.Length == 0) return new(double.NaN, double.NaN, double.NaN, 0);
        var mid = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        return new(sorted[0], median, sorted[^1], sorted.Length);
    }

    public string Format(string format = "N0") => Count switch
    {
        0 => "-",
        1 => Median.ToString(format, System.Globalization.CultureInfo.InvariantCulture),
        _ => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Median.ToString(format, System.Globalization.CultureInfo.InvariantCulture)} ({Min.ToString(format, System.Globalization.CultureInfo.InvariantCulture)}–{Max.ToString(format, System.Globalization.CultureInfo.InvariantCulture)})"),
    };
}
