using System.Globalization;

namespace WriteBench.Stores;

/// <summary>
/// Redis stream node limits. Redis 7.0 preallocates a new stream node's listpack at
/// min(4096, stream-node-max-bytes), so every small stream costs ~4 KB by default.
/// </summary>
public sealed record StreamNodeSettings(int MaxBytes, int MaxEntries)
{
    public static readonly StreamNodeSettings RedisDefault = new(4096, 100);

    public IList<string> Arguments() =>
    [
        "--stream-node-max-bytes", MaxBytes.ToString(CultureInfo.InvariantCulture),
        "--stream-node-max-entries", MaxEntries.ToString(CultureInfo.InvariantCulture),
    ];

    public override string ToString() => $"stream-node-max-bytes {MaxBytes}, stream-node-max-entries {MaxEntries}";
}
