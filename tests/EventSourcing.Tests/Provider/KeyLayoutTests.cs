using System.Text;
using EventSourcing.Tests.Infrastructure;
using RedisEventSourcing.Storage;

namespace EventSourcing.Tests.Provider;

public sealed class KeyLayoutTests
{
    [Fact]
    public void the_partition_is_the_ieee_crc32_of_the_utf8_id_mod_p_as_zlib_and_go_compute_it()
    {
        // The standard check value of CRC-32/ISO-HDLC (zlib, Go hash/crc32).
        Assert.Equal(0xCBF43926u, RawLog.Crc32Ieee(Encoding.ASCII.GetBytes("123456789")));
        var keys = new StreamKeys("es", 16);
        Assert.Equal((int)(0xCBF43926u % 16), keys.PartitionOf("123456789"));
        foreach (var id in new[] { "alice", "bob", "ü-ñ", "{p01}", new string('z', 128) })
            Assert.Equal(RawLog.UserStreamKey(id), keys.Stream("user", id));
    }

    [Fact]
    public void keys_follow_the_documented_layout_with_a_two_digit_partition_tag()
    {
        var keys = new StreamKeys("shop", 100);
        var p = keys.PartitionOf("alice");

        Assert.Equal($"shop:{{p{p:D2}}}:user:alice", keys.Stream("user", "alice"));
        Assert.Equal($"shop:{{p{p:D2}}}:snap:user:alice", keys.Snapshot("user", "alice"));
        Assert.Equal($"shop:{{p{p:D2}}}:feed", keys.FeedOf("alice"));
        Assert.Equal("shop:{p07}:feed", keys.Feed(7));
        Assert.Equal("shop:meta", keys.MetaKey);
    }

    [Fact]
    public void the_category_is_the_attribute_or_the_class_name_without_grain()
    {
        Assert.Equal("user", RedisStreamsLogViewAdaptorFactory.CategoryOf(typeof(Grains.Users.UserGrain)));
        Assert.Equal("counter", RedisStreamsLogViewAdaptorFactory.CategoryOf(typeof(TestGrains.CounterGrain)));
    }
}
