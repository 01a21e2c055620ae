using System.Diagnostics.Metrics;

namespace ReadBench;

/// <summary>
/// Collects the product's <c>es.projection.lag</c> histogram (seconds from an event's append to its read
/// model's committed apply, recorded by <c>PartitionProjector</c>; kept here in ms, as the report prints them) per projection, while
/// <see cref="Recording"/> is on: set-up and warm-up traffic is applied too, but not counted.
/// </summary>
public sealed class LagListener : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Dictionary<string, List<double>> _values = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private long _seen;

    public LagListener()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "RedisEventSourcing.Projections" && instrument.Name == "es.projection.lag") listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<double>(OnMeasurement);
        _listener.Start();
    }

    public bool Recording { get; set; }

    /// <summary>Events applied since the listener started, recorded or not, over all projections.</summary>
    public long Seen => Interlocked.Read(ref _seen);

    public IReadOnlyDictionary<string, double[]> Take()
    {
        lock (_lock)
        {
            var copy = _values.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal);
            _values.Clear();
            return copy;
        }
    }

    private void OnMeasurement(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        Interlocked.Increment(ref _seen);
        if (!Recording) return;
        var projection = "?";
        foreach (var tag in tags)
            if (tag.Key == "projection") projection = tag.Value as string ?? "?";
        lock (_lock)
        {
            if (!_values.TryGetValue(projection, out var list)) _values[projection] = list = [];
            list.Add(value * 1000);
        }
    }

    public void Dispose() => _listener.Dispose();
}
