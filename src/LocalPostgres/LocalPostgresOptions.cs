namespace LocalPostgres;

/// <summary>How to run a private PostgreSQL cluster.</summary>
public sealed class LocalPostgresOptions
{
    /// <summary>Where initdb, pg_ctl and postgres are (Debian's postgresql-15 package).</summary>
    public string BinDirectory { get; set; } = "/usr/lib/postgresql/15/bin";

    /// <summary>
    /// initdb's locale, the default of every database: it decides case folding beyond ASCII
    /// (full-text search) and text order. Fixed here rather than taken from whatever LANG the
    /// caller has, so every machine gets the same cluster; C.UTF-8 is part of glibc.
    /// </summary>
    public string Locale { get; set; } = "C.UTF-8";

    /// <summary>Server settings passed as <c>-c name=value</c>, e.g. <c>fsync=off</c> for throwaway test data.</summary>
    public IDictionary<string, string> Settings { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The folder the cluster's own folder is created in (data and WAL); default: the temp folder.</summary>
    public string? ParentDirectory { get; set; }

    /// <summary>How long pg_ctl waits for the server to accept connections.</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(60);

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(BinDirectory))
        {
            throw new ArgumentException($"{nameof(BinDirectory)} is required.", nameof(BinDirectory));
        }

        if (string.IsNullOrWhiteSpace(Locale))
        {
            throw new ArgumentException($"{nameof(Locale)} is required.", nameof(Locale));
        }

        if (StartTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(StartTimeout), StartTimeout, $"{nameof(StartTimeout)} must be positive.");
        }

        foreach (var name in Settings.Keys.Where(k => string.IsNullOrWhiteSpace(k) || k.Any(char.IsWhiteSpace)))
        {
            throw new ArgumentException($"'{name}' is not a server setting name.", nameof(Settings));
        }
    }
}
