namespace ReadModels.Redis;

/// <summary>The keys of one copy of the Redis users read model: <c>{prefix}:{name}:...</c>.</summary>
internal sealed class RedisUserKeys(string prefix, string name)
{
    private readonly string _root = $"{prefix}:{{{name}}}";

    public string Checkpoints => _root + ":checkpoints";

    public string EmailIndex => _root + ":email";

    public string Ids => _root + ":ids";

    /// <summary>Per email, the position of the event that claimed it (a late, older claim never wins).</summary>
    public string EmailClaims => _root + ":email-at";

    public string User(string id) => _root + ":user:" + id;

    public string Pattern => _root + ":*";
}
