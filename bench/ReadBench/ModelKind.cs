namespace ReadBench;

/// <summary>The users read models of src/ReadModels the bench rebuilds and watches.</summary>
public enum ModelKind
{
    Redis,
    Sqlite,
    Postgres,
}
