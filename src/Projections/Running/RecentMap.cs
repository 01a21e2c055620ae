namespace RedisEventSourcing.Projections.Running;

/// <summary>
/// A thread-safe map that keeps the <paramref name="capacity"/> most recently added keys: the
/// oldest go first. A key already held is not replaced (what these maps hold never changes).
/// </summary>
internal sealed class RecentMap<TValue>(int capacity)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, TValue> _items = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    public int Count
    {
        get
        {
            lock (_gate) return _items.Count;
        }
    }

    public void Add(string key, TValue value)
    {
        lock (_gate)
        {
            if (!_items.TryAdd(key, value)) return;
            _order.Enqueue(key);
            while (_order.Count > capacity) _items.Remove(_order.Dequeue());
        }
    }

    public bool TryGet(string key, out TValue value)
    {
        lock (_gate) return _items.TryGetValue(key, out value!);
    }

    /// <summary>Runs <paramref name="read"/> under the map's lock, for a walk that must see one state.</summary>
    public T Read<T>(Func<Dictionary<string, TValue>, T> read)
    {
        lock (_gate) return read(_items);
    }
}
