using System.Globalization;

namespace ReadModels.Users;

/// <summary>
/// One entry of the email → user index: <paramref name="Email"/> names <paramref name="UserId"/>.
/// A claim carries <paramref name="ClaimedAt"/>, the position of the event that set it
/// (<see cref="PositionOf"/>): partitions are applied independently, so a claim from another
/// partition may arrive late, and an older claim never displaces a newer one.
/// </summary>
public sealed record EmailEntry(string Email, string UserId, string ClaimedAt = "")
{
    /// <summary>A stream entry id ("ms-seq", the server's time) as text that sorts in time order.</summary>
    public static string PositionOf(string streamEntryId)
    {
        var dash = streamEntryId.IndexOf('-');
        var ms = ulong.Parse(dash < 0 ? streamEntryId : streamEntryId[..dash], CultureInfo.InvariantCulture);
        var seq = dash < 0 ? 0 : ulong.Parse(streamEntryId[(dash + 1)..], CultureInfo.InvariantCulture);
        return $"{ms:D20}-{seq:D20}";
    }
}
