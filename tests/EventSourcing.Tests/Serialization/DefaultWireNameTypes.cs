namespace EventSourcing.Tests.Serialization;

// Undecorated classes for the default wire name rule (class name), with the shapes that rule
// has to decide about: a nested class, a generic class, and two classes sharing a name.

public static class LedgerCorrections
{
    public sealed record Refunded(decimal Amount);
}

public sealed record Tagged<T>(T Value);

public abstract class TwinBase;

public static class FirstTwins
{
    public sealed class Twin : TwinBase
    {
        public int Left { get; set; }
    }
}

public static class SecondTwins
{
    public sealed class Twin : TwinBase
    {
        public int Right { get; set; }
    }
}
