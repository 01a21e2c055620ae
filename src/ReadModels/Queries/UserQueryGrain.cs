using Grains.Interfaces;
using Orleans.Concurrency;
using ReadModels.Users;

namespace ReadModels.Queries;

/// <summary>
/// Answers user queries from the read models: lookups from the directory (Redis by default),
/// search from the search model (SQLite FTS5, or PostgreSQL full text when configured).
/// </summary>
[StatelessWorker]
public sealed class UserQueryGrain(UserModels models) : Grain, IUserQueryGrain
{
    private const int MaxPage = 1000;

    public async Task<UserReadResult> Get(string id, int atLeastVersion = 0, int waitMs = 2000, string? copy = null)
    {
        var directory = await models.DirectoryAsync(copy);
        if (waitMs is < 0 or > 10_000) throw new ArgumentOutOfRangeException(nameof(waitMs), waitMs, "Wait 0 to 10,000 ms.");
        var deadline = DateTime.UtcNow.AddMilliseconds(waitMs);
        var delay = TimeSpan.FromMilliseconds(5);
        while (true)
        {
            var row = await directory.GetAsync(id);
            var version = row?.Version ?? 0;
            var reached = row is not null && version >= atLeastVersion;
            if (reached || DateTime.UtcNow >= deadline)
                return new UserReadResult(row is null ? null : Summary(row), version, atLeastVersion, Stale: !reached && atLeastVersion > 0);
            // The model follows the log within milliseconds: poll gently until it gets there or the wait is over.
            await Task.Delay(delay);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 100));
        }
    }

    public async Task<UserSummary?> FindByEmail(string email, string? copy = null) =>
        await (await models.DirectoryAsync(copy)).FindByEmailAsync(email) is { } row ? Summary(row) : null;

    public async Task<IReadOnlyList<UserSummary>> Search(string text, int limit = 20, string? copy = null)
    {
        var search = await models.SearchAsync(copy);
        return string.IsNullOrWhiteSpace(text) ? [] : (await search.SearchAsync(text, Page(limit))).Select(Summary).ToList();
    }

    public async Task<IReadOnlyList<UserSummary>> List(int limit = 50, string? afterId = null, string? copy = null) =>
        (await (await models.DirectoryAsync(copy)).ListAsync(Page(limit), afterId)).Select(Summary).ToList();

    private static int Page(int limit) => limit is >= 1 and <= MaxPage
        ? limit
        : throw new ArgumentOutOfRangeException(nameof(limit), limit, $"A page holds 1 to {MaxPage} users.");

    private static UserSummary Summary(UserRow r) => new(r.Id, r.Name, r.Email, r.Address, r.Deactivated, r.Version, r.UpdatedAt);
}
