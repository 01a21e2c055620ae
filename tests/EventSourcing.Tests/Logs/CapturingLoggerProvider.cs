using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace EventSourcing.Tests.Logs;

/// <summary>One log call as a provider receives it: the rendered line, the exception's text, and the structured values.</summary>
public sealed record CapturedLog(string Category, LogLevel Level, string EventName, string Message, string? Exception, IReadOnlyDictionary<string, object?> State)
{
    /// <summary>Everything a log sink could write of it.</summary>
    public string AllText => string.Join("\n", [Category, Message, Exception ?? "", .. State.Values.Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? "")]);
}

/// <summary>Keeps every log call of the silo it is registered in, for tests to search.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLog> _logs = new();

    public IReadOnlyList<CapturedLog> Logs => _logs.ToArray();

    public ILogger CreateLogger(string categoryName) => new Capturing(categoryName, _logs);

    public void Dispose() { }

    private sealed class Capturing(string category, ConcurrentQueue<CapturedLog> logs) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? pairs.GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value)
                : new Dictionary<string, object?>();
            logs.Enqueue(new CapturedLog(category, logLevel, eventId.Name ?? "", formatter(state, exception), exception?.ToString(), values));
        }
    }
}
