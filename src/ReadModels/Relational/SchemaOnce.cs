namespace ReadModels.Relational;

/// <summary>
/// Creates a projection's tables on first use, once per instance: callers need no start-up step, and
/// a failed attempt (database down) is tried again by the next call instead of being remembered.
/// </summary>
internal sealed class SchemaOnce
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile bool _created;

    public async Task EnsureAsync(Func<CancellationToken, Task> create, CancellationToken cancellationToken)
    {
        if (_created)
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!_created)
            {
                await create(cancellationToken);
                _created = true;
            }
        }
        finally
        {
            _gate.Release();
        }
    }
}
