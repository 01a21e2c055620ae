using System.Text.RegularExpressions;

namespace EventSourcing.Tests.Samples;

/// <summary>
/// The READMEs quote the quick-start sample, which the solution compiles and <see cref="QuickStartTests"/>
/// runs: a quoted block must equal its region of the sample, so the docs cannot drift from working code.
/// A quote is marked <c>&lt;!-- snippet: path#name --&gt;</c> before a csharp block; the region is
/// the lines between <c>// &lt;snippet:name&gt;</c> and <c>// &lt;/snippet:name&gt;</c> in that file.
/// </summary>
public sealed partial class ReadmeSnippetTests
{
    public static TheoryData<string> Readmes => new() { "README.md", "src/RedisEventSourcing/README.md" };

    [Theory, MemberData(nameof(Readmes))]
    public void every_quoted_snippet_in_the_readme_is_exactly_its_region_of_the_compiled_sample(string readme)
    {
        var quotes = SnippetQuote().Matches(Read(readme)).ToList();

        Assert.Equal(["samples/QuickStart/CartSilo.cs#registration", "samples/QuickStart/CartGrain.cs#grain"],
            quotes.Select(q => q.Groups["path"].Value + "#" + q.Groups["name"].Value));
        foreach (var quote in quotes)
            Assert.Equal(Region(quote.Groups["path"].Value, quote.Groups["name"].Value), quote.Groups["code"].Value);
    }

    private static string Region(string path, string name)
    {
        var text = Read(path);
        var start = text.IndexOf($"// <snippet:{name}>\n", StringComparison.Ordinal);
        var end = text.IndexOf($"// </snippet:{name}>", StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, $"{path} has no region '{name}'");
        start += $"// <snippet:{name}>\n".Length;
        return text[start..end];
    }

    private static string Read(string relativePath) =>
        File.ReadAllText(Path.Combine(RepositoryRoot(), relativePath)).ReplaceLineEndings("\n");

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Orleans.sln"))) return dir.FullName;
        throw new InvalidOperationException("Orleans.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"<!-- snippet: (?<path>[^#\s]+)#(?<name>[\w-]+) -->\n```csharp\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex SnippetQuote();
}
