using System.Reflection;
using Microsoft.Extensions.Logging;
using Orleans.EventSourcing;
using Orleans.Storage;
using RedisEventSourcing.Serialization;

namespace RedisEventSourcing.Storage;

/// <summary>Makes one adaptor per grain activation, bound to that grain's stream and partition feed.</summary>
public sealed class RedisStreamsLogViewAdaptorFactory(RedisStreamsConnection connection, ILoggerFactory loggerFactory) : ILogViewAdaptorFactory
{
    private readonly EventStreamStore _store = new(connection);
    private readonly ILogger _logger = loggerFactory.CreateLogger("RedisEventSourcing.Adaptor");

    public bool UsesStorageProvider => false;

    public ILogViewAdaptor<TView, TEntry> MakeLogViewAdaptor<TView, TEntry>(ILogViewAdaptorHost<TView, TEntry> hostGrain, TView initialState,
        string grainTypeName, IGrainStorage? grainStorage, ILogConsistencyProtocolServices services)
        where TView : class, new()
        where TEntry : class
    {
        var hostType = hostGrain.GetType();
        var category = CategoryOf(hostType);
        // Ids are validated by the grain's own commands; the key is binary-safe whatever the id holds.
        var id = services.GrainId.Key.ToString()!;
        var registry = EventTypeRegistry.For(typeof(TEntry), hostType);
        var adaptor = new RedisStreamsLogViewAdaptor<TView, TEntry>(hostGrain, initialState, services, _store, registry,
            connection.Keys.Stream(category, id), connection.Keys.FeedOf(id), connection.Keys.Snapshot(category, id), _logger);
        if (hostGrain is IEventLogHost host) host.AttachEventLog(adaptor);
        return adaptor;
    }

    internal static string CategoryOf(Type grainType)
    {
        var attribute = grainType.GetCustomAttribute<EventStreamCategoryAttribute>(inherit: true);
        if (attribute is not null) return attribute.Category;
        var name = grainType.Name;
        if (name.EndsWith("Grain", StringComparison.Ordinal) && name.Length > "Grain".Length) name = name[..^"Grain".Length];
        return name.ToLowerInvariant();
    }
}
