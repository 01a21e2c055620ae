// <snippet:grain>
using Orleans.EventSourcing;             // JournaledGrain
using RedisEventSourcing.Serialization;  // [EventType]

namespace QuickStart;

public interface ICartGrain : IGrainWithStringKey
{
    Task<CartView> Add(string sku, int quantity);
    Task<CartView> Remove(string sku);
    Task<CartView> Get();
}

[GenerateSerializer]
public sealed record CartView([property: Id(0)] Dictionary<string, int> Items, [property: Id(1)] int Version);

[GenerateSerializer]
public sealed class CartState
{
    [Id(0)] public Dictionary<string, int> Items { get; set; } = [];

    public void Apply(ItemAdded e) => Items[e.Sku] = Items.GetValueOrDefault(e.Sku) + e.Quantity;
    public void Apply(ItemRemoved e) => Items.Remove(e.Sku);
}

[GenerateSerializer]
public abstract record CartEvent;

[EventType("ItemAdded"), GenerateSerializer]   // stable wire name; fields are the properties in snake_case
public sealed record ItemAdded([property: Id(0)] string Sku, [property: Id(1)] int Quantity) : CartEvent;

[EventType("ItemRemoved"), GenerateSerializer]
public sealed record ItemRemoved([property: Id(0)] string Sku) : CartEvent;

// No [LogConsistencyProvider]: the grain takes the default one, registered by AddCartEventStore.
// Its stream is es:{pNN}:cart:<id> (category = class name without "Grain", in lower case).
public sealed class CartGrain : JournaledGrain<CartState, CartEvent>, ICartGrain
{
    public Task<CartView> Add(string sku, int quantity) => Append(new ItemAdded(sku, quantity));

    public Task<CartView> Remove(string sku) => Append(new ItemRemoved(sku));

    public Task<CartView> Get() => Task.FromResult(View());

    private async Task<CartView> Append(CartEvent @event)
    {
        RaiseEvent(@event);
        await ConfirmEvents(); // one entry appended to the cart's Redis stream
        return View();
    }

    private CartView View() => new(new Dictionary<string, int>(State.Items), Version);
}
// </snippet:grain>
