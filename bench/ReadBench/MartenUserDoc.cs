namespace ReadBench;

/// <summary>Marten's side of the comparison: one document per user with what the SQL model's row holds (id, name, email, address, deactivated, version).</summary>
public sealed class MartenUserDoc
{
    public string Id { get; set; } = "";
    public string? Name { get; set; }
    public string? Email { get; set; }
    public string? Address { get; set; }
    public bool Deactivated { get; set; }
    public int Version { get; set; }
}
