using System.Globalization;
using System.Text;

namespace ReadModels.Relational;

/// <summary>
/// The words of a search: runs of letters and digits, lower-cased. Both stores index their columns
/// the same way (SQLite's unicode61 tokenizer; PostgreSQL's <c>simple</c> configuration after every
/// other character became a space), so <c>alice@example.com</c> is the words alice, example, com.
/// A word this class returns holds no quote or operator, so it is safe inside a query expression.
/// </summary>
public static class SearchWords
{
    /// <summary>More words only narrow the result further, at the price of a costlier query.</summary>
    public const int MaxWords = 16;

    public static IReadOnlyList<string> Of(string text)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        foreach (var c in (text ?? "") + " ")
        {
            if (char.IsLetterOrDigit(c))
            {
                word.Append(char.ToLower(c, CultureInfo.InvariantCulture));
            }
            else if (word.Length > 0)
            {
                words.Add(word.ToString());
                word.Clear();
            }
        }

        return words.Distinct(StringComparer.Ordinal).Take(MaxWords).ToList();
    }
}
