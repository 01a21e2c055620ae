// Conformance scenario after dotnet/orleans test/Grains/TestGrains/EventSourcing/ChatGrain.cs and
// test/Grains/TestGrainInterfaces/EventSourcing/IChatGrain.cs (Copyright (c) .NET Foundation, MIT).
// Rewritten for this project: one variant per provider.
using System.Xml.Linq;
using Orleans.EventSourcing;
using Orleans.Providers;
using RedisEventSourcing.Serialization;

namespace EventSourcing.Tests.Conformance.Grains;

/// <summary>A chat room whose state is an XML document; posts are raised without waiting for confirmation.</summary>
public interface IChatGrain : IGrainWithStringKey
{
    Task<XDocument> GetChat();
    Task Post(Guid guid, string user, string text);
    Task Delete(Guid guid);
    Task Edit(Guid guid, string text);
}

public abstract class ChatGrain : JournaledGrain<XDocument, IChatEvent>, IChatGrain
{
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await base.OnActivateAsync(cancellationToken);
        // A new room records its creation once, even if another activation races it.
        if (Version == 0)
            await RaiseConditionalEvent(new CreatedEvent { Timestamp = DateTime.UtcNow, Origin = typeof(ChatGrain).FullName! });
    }

    protected override void TransitionState(XDocument state, IChatEvent @event) => @event.Update(state);

    public Task<XDocument> GetChat() => Task.FromResult(TentativeState);

    public Task Post(Guid guid, string user, string text) =>
        Raise(new PostedEvent { Guid = guid, User = user, Text = text, Timestamp = DateTime.UtcNow });

    public Task Delete(Guid guid) => Raise(new DeletedEvent { Guid = guid });

    public Task Edit(Guid guid, string text) => Raise(new EditedEvent { Guid = guid, Text = text });

    private Task Raise(IChatEvent @event)
    {
        RaiseEvent(@event);
        return Task.CompletedTask;
    }
}

[LogConsistencyProvider(ProviderName = Providers.RedisStreams), EventStreamCategory("chat")]
public sealed class ChatGrainOnRedisStreams : ChatGrain;

[LogConsistencyProvider(ProviderName = Providers.LogStorage)]
public sealed class ChatGrainOnLogStorage : ChatGrain;
