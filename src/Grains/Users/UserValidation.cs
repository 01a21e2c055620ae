using System.Net.Mail;
using Grains.Interfaces;

namespace Grains.Users;

/// <summary>The input rules of user commands; each failure names the value and the rule.</summary>
internal static class UserValidation
{
    public const int MaxIdLength = 128;
    public const int MaxNameLength = 200;
    public const int MaxEmailLength = 254;
    public const int MaxAddressLength = 500;
    public const int MaxReasonLength = 500;

    public static void Id(string id)
    {
        if (id.Length is 0 or > MaxIdLength)
            throw new UserCommandException(UserErrorCode.InvalidUserId, $"A user id must be 1 to {MaxIdLength} characters; this one has {id.Length}.");
        if (id.Any(char.IsControl))
            throw new UserCommandException(UserErrorCode.InvalidUserId, "A user id must not contain control characters.");
        // Orleans and the key layout encode ids as UTF-8, where a lone surrogate becomes U+FFFD: two ids
        // would share one stream. U+FFFD itself is what invalid UTF-8 input (a CLI argument) decodes to.
        if (id.Contains('\uFFFD') || !IsWellFormedUtf16(id))
            throw new UserCommandException(UserErrorCode.InvalidUserId, "A user id must be valid Unicode text (was the input valid UTF-8?); it must not contain U+FFFD or a lone surrogate.");
    }

    private static bool IsWellFormedUtf16(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])) i++;
            else if (char.IsSurrogate(value[i])) return false;
        }
        return true;
    }

    public static string Name(string? name) =>
        Text(name, MaxNameLength, UserErrorCode.InvalidName, "name", allowNewLines: false);

    public static string Address(string? address) =>
        Text(address, MaxAddressLength, UserErrorCode.InvalidAddress, "address", allowNewLines: true);

    public static string Reason(string? reason) =>
        Text(reason, MaxReasonLength, UserErrorCode.InvalidReason, "deactivation reason", allowNewLines: true);

    public static string Email(string? email)
    {
        var value = email?.Trim() ?? "";
        if (value.Length is 0 or > MaxEmailLength || value.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)) || !IsAddress(value))
            throw new UserCommandException(UserErrorCode.InvalidEmail, $"{Quote(email ?? "")} is not a valid email address (expected something like name@example.com).");
        return value;
    }

    private static bool IsAddress(string value)
    {
        if (!MailAddress.TryCreate(value, out var parsed) || parsed.Address != value) return false;
        var at = value.LastIndexOf('@');
        // MailAddress accepts "a@b"; a deliverable address needs a dotted domain.
        var domain = value[(at + 1)..];
        return at > 0 && domain.Contains('.') && !domain.StartsWith('.') && !domain.EndsWith('.');
    }

    private static string Text(string? input, int max, UserErrorCode code, string what, bool allowNewLines)
    {
        var value = input?.Trim() ?? "";
        if (value.Length == 0)
            throw new UserCommandException(code, $"The {what} must not be empty.");
        if (value.Length > max)
            throw new UserCommandException(code, $"The {what} must be at most {max} characters; this one has {value.Length}.");
        if (value.Any(c => char.IsControl(c) && !(allowNewLines && c is '\n' or '\r')))
            throw new UserCommandException(code, $"The {what} must not contain control characters.");
        return value;
    }

    /// <summary>
    /// A rejected value as an error message shows it: at most 60 characters, control characters
    /// escaped, so a 64 KB or multi-line input cannot turn a refusal into a page (found by fuzzing).
    /// </summary>
    internal static string Quote(string value)
    {
        const int Shown = 60;
        var escaped = string.Concat(value.Take(Shown).Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));
        return value.Length <= Shown ? $"'{escaped}'" : $"'{escaped}…' ({value.Length} characters)";
    }
}
