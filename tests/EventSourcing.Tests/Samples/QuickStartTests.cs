using EventSourcing.Tests.Infrastructure;
using QuickStart;

namespace EventSourcing.Tests.Samples;

public sealed class QuickStartTests(QuickStartFixture fixture) : IClassFixture<QuickStartFixture>
{
    [Fact]
    public async Task the_quick_start_cart_appends_one_stream_entry_per_change_and_folds_them_into_its_state()
    {
        var id = $"cart-{Guid.NewGuid():N}";
        var cart = fixture.Grains.GetGrain<ICartGrain>(id);

        await cart.Add("apple", 3);
        await cart.Add("pear", 1);
        var view = await cart.Remove("pear");

        Assert.Equal(new Dictionary<string, int> { ["apple"] = 3 }, view.Items);
        Assert.Equal(3, view.Version);
        var entries = await RawLog.EntriesAsync(fixture.Db, RawLog.UserStreamKey(id).Replace(":user:", ":cart:"));
        Assert.Equal(["ItemAdded", "ItemAdded", "ItemRemoved"], entries.Select(e => e["type"]));
        Assert.Equal(["apple", "pear", "pear"], entries.Select(e => e["sku"]));
        Assert.Equal(["3", "1"], entries.Take(2).Select(e => e["quantity"]));
    }

    [Fact]
    public async Task the_quick_start_cart_is_rebuilt_from_its_stream_after_deactivation()
    {
        var cart = fixture.Grains.GetGrain<ICartGrain>($"cart-{Guid.NewGuid():N}");
        await cart.Add("apple", 2);
        await cart.Add("apple", 5);

        await fixture.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        var view = await cart.Get();
        Assert.Equal(new Dictionary<string, int> { ["apple"] = 7 }, view.Items);
        Assert.Equal(2, view.Version);
    }
}
