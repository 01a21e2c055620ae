namespace ScriptBench;

internal static class Info
{
    /// <summary>One field of an INFO reply ("name:value" lines).</summary>
    public static string Field(string info, string name) =>
        info.Split('\n').Select(l => l.Trim()).First(l => l.StartsWith(name + ":", StringComparison.Ordinal))[(name.Length + 1)..];
}
