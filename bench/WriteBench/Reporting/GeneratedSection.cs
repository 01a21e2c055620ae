namespace WriteBench.Reporting;

/// <summary>
/// Writes a generated section into a Markdown file between two marker comments, keeping the
/// hand-written rest (docs/benchmarks.md also holds the replay report's link and the log of what
/// each change bought).
/// </summary>
public static class GeneratedSection
{
    public static async Task WriteAsync(string path, string name, string content)
    {
        var begin = $"<!-- BEGIN {name} (generated; rerun it instead of editing) -->";
        var end = $"<!-- END {name} -->";
        var block = $"{begin}\n{content.TrimEnd()}\n{end}";
        var existing = File.Exists(path) ? await File.ReadAllTextAsync(path) : "# Benchmarks\n";
        var from = existing.IndexOf(begin, StringComparison.Ordinal);
        var to = existing.IndexOf(end, StringComparison.Ordinal);
        var updated = from >= 0 && to > from
            ? existing[..from] + block + existing[(to + end.Length)..]
            : existing.TrimEnd() + "\n\n" + block + "\n";
        await File.WriteAllTextAsync(path, updated);
    }
}
