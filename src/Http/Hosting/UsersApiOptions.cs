namespace Users.Http.Hosting;

/// <summary>Where a host serves the users API (configuration section <c>Http</c>).</summary>
public sealed class UsersApiOptions
{
    public const string SectionName = "Http";

    /// <summary>8080 is free in this repository (the silo uses 11111 and 30000); port 0 picks a free one.</summary>
    public const string DefaultUrl = "http://127.0.0.1:8080";

    public bool Enabled { get; set; } = true;

    public string Url { get; set; } = DefaultUrl;
}
