// Conformance scenario after dotnet/orleans test/Grains/TestGrains/LogTestGrain.cs, LogTestGrainVariations.cs
// and test/Grains/TestGrainInterfaces/ILogTestGrain.cs (Copyright (c) .NET Foundation, MIT).
// Rewritten for this project: one variant per provider; the reservation and custom-storage members,
// which only Orleans' CustomStorage provider uses, are left out.
using Orleans.EventSourcing;
using Orleans.Providers;
using RedisEventSourcing.Serialization;

namespace EventSourcing.Tests.Conformance.Grains;

/// <summary>Two numbers A and B, set or incremented locally (tentative) or globally (confirmed).</summary>
public interface ILogTestGrain : IGrainWithIntegerKey
{
    Task<int> GetAGlobal();
    Task<int> GetALocal();
    Task<AB> GetBothGlobal();
    Task<AB> GetBothLocal();
    Task<int> GetConfirmedVersion();
    Task SetAGlobal(int a);
    Task<Tuple<int, bool>> SetAConditional(int a);
    Task SetALocal(int a);
    Task IncrementAGlobal();
    Task SetBGlobal(int b);
    Task SetBLocal(int b);
    Task<IReadOnlyList<object>> GetEventLog();
    Task SynchronizeGlobalState();
    Task Clear();
    Task Deactivate();
}

[GenerateSerializer]
public struct AB
{
    [Id(0)] public int A;
    [Id(1)] public int B;

    public override readonly string ToString() => $"A={A} B={B}";
}

public abstract class LogTestGrain : JournaledGrain<LogTestState, object>, ILogTestGrain
{
    // Loads lazily: activation does not wait for the stored state.
    public override Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task SetAGlobal(int a) => RaiseAndConfirm(new UpdateA { Val = a });

    public async Task<Tuple<int, bool>> SetAConditional(int a)
    {
        var version = Version;
        return Tuple.Create(version, await RaiseConditionalEvent(new UpdateA { Val = a }));
    }

    public Task SetALocal(int a) => RaiseOnly(new UpdateA { Val = a });

    public Task IncrementAGlobal() => RaiseAndConfirm(new IncrementA());

    public Task SetBGlobal(int b) => RaiseAndConfirm(new UpdateB { Val = b });

    public Task SetBLocal(int b) => RaiseOnly(new UpdateB { Val = b });

    public async Task<int> GetAGlobal()
    {
        await RefreshNow();
        return State.A;
    }

    public Task<int> GetALocal() => Task.FromResult(TentativeState.A);

    public async Task<AB> GetBothGlobal()
    {
        await RefreshNow();
        return new AB { A = State.A, B = State.B };
    }

    public Task<AB> GetBothLocal() => Task.FromResult(new AB { A = TentativeState.A, B = TentativeState.B });

    public Task<int> GetConfirmedVersion() => Task.FromResult(Version);

    public Task<IReadOnlyList<object>> GetEventLog() => RetrieveConfirmedEvents(0, Version);

    public Task SynchronizeGlobalState() => RefreshNow();

    public Task Clear() => ClearLogAsync();

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    private Task RaiseAndConfirm(object @event)
    {
        RaiseEvent(@event);
        return ConfirmEvents();
    }

    private Task RaiseOnly(object @event)
    {
        RaiseEvent(@event);
        return Task.CompletedTask;
    }
}

[LogConsistencyProvider(ProviderName = Providers.RedisStreams), EventStreamCategory("logtest")]
public sealed class LogTestGrainOnRedisStreams : LogTestGrain;

[LogConsistencyProvider(ProviderName = Providers.LogStorage)]
public sealed class LogTestGrainOnLogStorage : LogTestGrain;
