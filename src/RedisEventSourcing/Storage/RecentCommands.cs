namespace RedisEventSourcing.Storage;

/// <summary>The last N distinct command ids seen in a log, with the version each one's batch reached.</summary>
internal sealed class RecentCommands(int capacity)
{
    private readonly Dictionary<string, int> _versions = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    public int Capacity { get; } = capacity;

    public void Record(string commandId, int version)
    {
        if (_versions.ContainsKey(commandId))
        {
            _versions[commandId] = version;
            return;
        }
        _versions[commandId] = version;
        _order.Enqueue(commandId);
        if (_order.Count > Capacity)
            _versions.Remove(_order.Dequeue());
    }

    public bool TryGet(string commandId, out int version) => _versions.TryGetValue(commandId, out version);

    /// <summary>Oldest first, for a snapshot to carry the window across a replay that skips the events.</summary>
    public IReadOnlyDictionary<string, int> Export()
    {
        var export = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var id in _order) export[id] = _versions[id];
        return export;
    }

    public void Clear()
    {
        _versions.Clear();
        _order.Clear();
    }
}
