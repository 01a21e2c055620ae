namespace ReadModels.Sqlite;

/// <summary>
/// The one thread that writes a SQLite file. SQLite has a single writer per file and its client
/// does its work, commits included, synchronously on the calling thread: run on the thread pool,
/// each write would hold a pool thread (on a 2-core silo, one of two) for the length of a
/// transaction, and everything else in the silo, the Redis model's pump and the grains among
/// them, would queue behind it. Writers queue here instead and wait without holding a thread.
/// One writer per file, shared by every model instance on it (each partition's projection opens
/// its own): instances with writers of their own would meet at SQLite's file lock, where the
/// client retries a busy database by sleeping on the thread it holds.
/// The thread lives while there is work and a second after, so an instance nobody disposes
/// (a copy opened for one query) leaves no thread behind.
/// </summary>
internal sealed class SqliteWriterThread
{
    private static readonly TimeSpan IdleExit = TimeSpan.FromSeconds(1);
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, SqliteWriterThread> Files = new(StringComparer.Ordinal);

    private readonly string _name;

    private SqliteWriterThread(string path) => _name = "sqlite " + Path.GetFileName(path);

    /// <summary>The writer of the file at <paramref name="fullPath"/>.</summary>
    public static SqliteWriterThread For(string fullPath) => Files.GetOrAdd(fullPath, p => new SqliteWriterThread(p));

    private readonly object _gate = new();
    private readonly Queue<Action> _work = new();
    private bool _running;

    /// <summary>Whether the writer thread is alive (tests).</summary>
    internal bool IsRunning
    {
        get { lock (_gate) return _running; }
    }

    /// <summary>Runs <paramref name="write"/> on the writer thread, after the writes queued before it.</summary>
    public Task RunAsync(Func<Task> write, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Work()
        {
            if (cancellationToken.IsCancellationRequested)
            {
                done.TrySetCanceled(cancellationToken);
                return;
            }
            try
            {
                // Microsoft.Data.Sqlite's async methods complete synchronously: the whole write runs here.
                write().GetAwaiter().GetResult();
                done.TrySetResult();
            }
            catch (OperationCanceledException e)
            {
                done.TrySetCanceled(e.CancellationToken);
            }
            catch (Exception e)
            {
                done.TrySetException(e);
            }
        }
        lock (_gate)
        {
            _work.Enqueue(Work);
            if (_running) Monitor.Pulse(_gate);
            else
            {
                _running = true;
                new Thread(Run) { IsBackground = true, Name = _name }.Start();
            }
        }
        return done.Task;
    }

    private void Run()
    {
        while (true)
        {
            Action work;
            lock (_gate)
            {
                if (_work.Count == 0) Monitor.Wait(_gate, IdleExit);
                if (_work.Count == 0)
                {
                    // Under the lock: a writer that queues after this starts a new thread.
                    _running = false;
                    return;
                }
                work = _work.Dequeue();
            }
            work();
        }
    }
}
