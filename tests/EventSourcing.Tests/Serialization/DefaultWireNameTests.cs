using EventSourcing.Tests.Provider.TestGrains;
using RedisEventSourcing;
using RedisEventSourcing.Serialization;
using StackExchange.Redis;

namespace EventSourcing.Tests.Serialization;

/// <summary>An event class without <see cref="EventTypeAttribute"/> is written under its class name.</summary>
public sealed class DefaultWireNameTests
{
    [Fact]
    public void an_undecorated_event_class_is_named_after_its_class_when_first_raised()
    {
        var registry = EventTypeRegistry.For(typeof(object), typeof(LedgerGrain));

        var fields = Encode(registry, new Deposited { Amount = 12.5m, Memo = "rent" });

        Assert.Equal("Deposited", fields["type"]);
        Assert.Equal("12.5", fields["amount"]);
        Assert.Equal("rent", fields["memo"]);
    }

    [Fact]
    public void a_grain_that_only_reads_finds_the_class_behind_a_default_wire_name()
    {
        var registry = EventTypeRegistry.For(typeof(object), typeof(ReaderOnlyHost));

        var read = Decode(registry, ("type", "Withdrawn"), ("amount", "4"));
        var nested = Decode(registry, ("type", "Refunded"), ("amount", "1.25"));

        Assert.Equal(new Withdrawn(4m), read);
        Assert.Equal(new LedgerCorrections.Refunded(1.25m), nested);
    }

    [Fact]
    public void a_nested_class_is_named_by_its_own_name_and_a_generic_class_is_refused_for_want_of_a_stable_name()
    {
        var registry = EventTypeRegistry.For(typeof(object), typeof(LedgerGrain));

        var nested = Encode(registry, new LedgerCorrections.Refunded(3m));
        var generic = Assert.Throws<InvalidOperationException>(() => Encode(registry, new Tagged<int>(1)));

        Assert.Equal("Refunded", nested["type"]);
        Assert.Contains("Tagged", generic.Message);
        Assert.Contains("generic", generic.Message);
    }

    [Fact]
    public void two_undecorated_classes_sharing_a_name_are_reported_when_either_is_first_written_or_read()
    {
        var writer = EventTypeRegistry.For(typeof(object), typeof(LedgerGrain));
        var reader = EventTypeRegistry.For(typeof(object), typeof(ReaderOnlyHost));

        var written = Assert.Throws<InvalidOperationException>(() => Encode(writer, new FirstTwins.Twin { Left = 1 }));
        var read = Assert.Throws<EventStreamCorruptException>(() => Decode(reader, ("type", "Twin"), ("left", "1")));

        foreach (var message in new[] { written.Message, read.Message })
        {
            Assert.Contains(typeof(FirstTwins.Twin).FullName!, message);
            Assert.Contains(typeof(SecondTwins.Twin).FullName!, message);
            Assert.Contains("'Twin'", message);
        }
    }

    [Fact]
    public void subtypes_of_an_event_base_sharing_a_name_are_reported_when_the_registry_is_built()
    {
        var error = Assert.Throws<InvalidOperationException>(() => EventTypeRegistry.For(typeof(TwinBase), typeof(TwinBase)));

        Assert.Contains(typeof(FirstTwins.Twin).FullName!, error.Message);
        Assert.Contains(typeof(SecondTwins.Twin).FullName!, error.Message);
    }

    [Fact]
    public void an_undecorated_class_from_an_assembly_no_reader_searches_is_refused_when_first_raised()
    {
        var registry = EventTypeRegistry.For(typeof(object), typeof(LedgerGrain));

        var error = Assert.Throws<InvalidOperationException>(() => Encode(registry, new LocalRedis.LocalRedisServerOptions { DataDirectory = "unused" }));

        Assert.Contains("LocalRedisServerOptions", error.Message);
        Assert.Contains("[EventType", error.Message);
    }

    private static Dictionary<string, string> Encode(EventTypeRegistry registry, object @event) =>
        new EntryEncoder(registry, 64 * 1024).Encode(@event, 1, "e1", CommandContextSnapshot.Empty).ToDictionary(f => f.Key, f => f.Value);

    private static object Decode(EventTypeRegistry registry, params (string Name, string Value)[] payload) =>
        new EntryDecoder(registry).Decode("k", new StreamEntry("1-0", payload.Append((Name: "_version", Value: "1")).Select(f => new NameValueEntry(f.Name, f.Value)).ToArray())).Event;

    /// <summary>A host no test writes through, so its registry knows only what it finds when reading.</summary>
    private sealed class ReaderOnlyHost;
}
