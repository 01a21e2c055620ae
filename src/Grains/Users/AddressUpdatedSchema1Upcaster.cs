using RedisEventSourcing.Serialization;

namespace Grains.Users;

/// <summary><c>AddressUpdated</c> schema 1 → 2: the field <c>address</c> became <c>new_address</c>.</summary>
public sealed class AddressUpdatedSchema1Upcaster : IEventUpcaster
{
    public string EventType => "AddressUpdated";

    public int FromSchema => 1;

    public void Upcast(IDictionary<string, string> payload)
    {
        if (payload.Remove("address", out var address))
            payload["new_address"] = address;
    }
}
