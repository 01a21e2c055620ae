namespace EventSourcing.Tests.Http;

/// <summary>One server-sent event: its type (<c>message</c> when unnamed), id and data.</summary>
internal sealed record SseEvent(string Type, string? Id, string Data);

/// <summary>Reads a <c>text/event-stream</c> body event by event, as a browser's EventSource does (enough of it for the tests).</summary>
internal sealed class SseReader(Stream body)
{
    private readonly StreamReader _reader = new(body);

    public async Task<SseEvent> NextAsync(CancellationToken cancellationToken)
    {
        string type = "message", data = "";
        string? id = null;
        while (true)
        {
            var line = await _reader.ReadLineAsync(cancellationToken)
                ?? throw new EndOfStreamException("The event stream ended.");
            if (line.Length == 0)
            {
                if (data.Length > 0) return new SseEvent(type, id, data);
                continue;
            }
            if (line.StartsWith(':')) continue; // a comment
            var colon = line.IndexOf(':');
            var (field, value) = colon < 0 ? (line, "") : (line[..colon], line[(colon + 1)..].TrimStart(' '));
            switch (field)
            {
                case "event": type = value; break;
                case "id": id = value; break;
                case "data": data = data.Length == 0 ? value : data + "\n" + value; break;
            }
        }
    }
}
