namespace EventSourcing.Tests.Telemetry;

/// <summary>
/// A list the in-memory exporters may add to from any thread (spans end on whichever thread ran
/// them), read by the tests as copies.
/// </summary>
public sealed class LockedList<T> : ICollection<T>
{
    private readonly List<T> _items = [];
    private readonly Lock _lock = new();

    public int Count
    {
        get { lock (_lock) return _items.Count; }
    }

    public bool IsReadOnly => false;

    public void Add(T item)
    {
        lock (_lock) _items.Add(item);
    }

    public void Clear()
    {
        lock (_lock) _items.Clear();
    }

    public List<T> Snapshot()
    {
        lock (_lock) return [.. _items];
    }

    public bool Contains(T item)
    {
        lock (_lock) return _items.Contains(item);
    }

    public void CopyTo(T[] array, int arrayIndex)
    {
        lock (_lock) _items.CopyTo(array, arrayIndex);
    }

    public bool Remove(T item)
    {
        lock (_lock) return _items.Remove(item);
    }

    public IEnumerator<T> GetEnumerator() => Snapshot().GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
