using System.Collections.Concurrent;
using Grains.Interfaces;
using RedisEventSourcing;

namespace EventSourcing.Tests.Http;

/// <summary>
/// Makes "outcome unknown" happen on demand: a command on a user whose id starts with
/// <see cref="Prefix"/> is applied, and then its caller gets <see cref="EventStoreOutcomeUnknownException"/>
/// instead of the answer, once per command id, as when Redis's reply is lost on the way back.
/// </summary>
internal static class LostAnswerFilter
{
    public const string Prefix = "lost-answer-";

    private static readonly HashSet<string> Commands = [nameof(IUserGrain.Create), nameof(IUserGrain.Rename), nameof(IUserGrain.ChangeEmail),
        nameof(IUserGrain.ChangeAddress), nameof(IUserGrain.Deactivate)];

    private static readonly ConcurrentDictionary<string, bool> Lost = new();

    public static async Task InvokeAsync(IIncomingGrainCallContext context)
    {
        await context.Invoke();
        if (context.Grain is IUserGrain
            && context.TargetId.Key.ToString() is { } id && id.StartsWith(Prefix, StringComparison.Ordinal)
            && Commands.Contains(context.MethodName)
            && CommandMetadata.CommandId is { } commandId
            && Lost.TryAdd($"{id}/{commandId}", true))
        {
            throw new EventStoreOutcomeUnknownException($"Test: the answer to {context.MethodName} on '{id}' was lost; the events are in the log.");
        }
    }
}
