using RedisEventSourcing.Serialization;

namespace EventSourcing.Tests.Provider.TestGrains;

// An event at schema 3 with one upcaster per step, to show upcasters chain: 1 → 2 → 3.

[EventType("Labelled", Schema = 3), GenerateSerializer]
public sealed record Labelled([property: Id(0)] string Label, [property: Id(1)] int Weight) : CounterEvent;

/// <summary>Schema 1 called the label <c>text</c>.</summary>
public sealed class LabelledSchema1Upcaster : IEventUpcaster
{
    public string EventType => "Labelled";
    public int FromSchema => 1;
    public void Upcast(IDictionary<string, string> payload)
    {
        if (payload.Remove("text", out var text)) payload["title"] = text;
    }
}

/// <summary>Schema 2 called it <c>title</c> and had no weight (now 1 by default).</summary>
public sealed class LabelledSchema2Upcaster : IEventUpcaster
{
    public string EventType => "Labelled";
    public int FromSchema => 2;
    public void Upcast(IDictionary<string, string> payload)
    {
        if (payload.Remove("title", out var title)) payload["label"] = title;
        payload.TryAdd("weight", "1");
    }
}
