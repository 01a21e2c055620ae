namespace ReadBench;

/// <summary>A <c>CopyBuilder</c> configuration: feed entries per page, partitions filled at once.</summary>
public readonly record struct RebuildSetting(int PageSize, int Parallelism)
{
    public override string ToString() => $"page {PageSize}, {Parallelism} partitions at once";

    /// <summary>"1000x4,5000x16".</summary>
    public static IReadOnlyList<RebuildSetting> ParseList(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => s.Split('x'))
            .Select(p => new RebuildSetting(int.Parse(p[0], System.Globalization.CultureInfo.InvariantCulture), int.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();
}
