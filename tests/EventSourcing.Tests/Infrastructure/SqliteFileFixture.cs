using Microsoft.Data.Sqlite;

namespace EventSourcing.Tests.Infrastructure;

/// <summary>One SQLite database file in a temp folder for a test class; every test's projection has its own tables in it.</summary>
public sealed class SqliteFileFixture : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "es-tests", "sqlite-" + Guid.NewGuid().ToString("N"));

    public string FilePath => Path.Combine(_directory, "readmodels.db");

    public void Dispose()
    {
        // Pooled connections keep the file open.
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}
