namespace RedisEventSourcing.Options;

/// <summary>
/// What a key prefix may be: 1 to 64 of <c>A-Z a-z 0-9 . _ -</c>. Braces would move the hash tag
/// (the first <c>{...}</c> of a key must be the partition's); a colon would make one prefix the start
/// of another's key space (<c>es</c> and <c>es:b</c> both under <c>es:*</c>, so neither an ACL key
/// pattern nor a SCAN match could tell them apart); glob characters (<c>* ? [ ] \</c>) would change
/// those patterns; spaces and control characters break tools that print keys.
/// </summary>
public static class KeyPrefixRule
{
    public const int MaxLength = 64;

    /// <summary>Null when <paramref name="prefix"/> is fine, else what is wrong with it.</summary>
    public static string? Problem(string? prefix)
    {
        if (string.IsNullOrEmpty(prefix)) return "must not be empty";
        if (prefix.Length > MaxLength) return $"must be at most {MaxLength} characters; it has {prefix.Length}";
        var bad = prefix.FirstOrDefault(c => !(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'));
        return bad == default ? null : $"may hold only letters, digits, '.', '_' and '-' (it holds {Describe(bad)}): braces, colons, glob characters and spaces would let it reach or share other keys";
    }

    private static string Describe(char c) => char.IsControl(c) || char.IsWhiteSpace(c) ? $"U+{(int)c:X4}" : $"'{c}'";
}
