using ReadModels.Users;
using RedisEventSourcing.Projections.Copies;

namespace ReadModels.Queries;

/// <summary>
/// The copy a query reads: the live copy of the lookup or search projection (as the catalog says,
/// so every silo switches together after a rebuild), or a copy named by the caller (a copy as of
/// an instant, or a rebuild to inspect before it goes live).
/// </summary>
public sealed class UserModels(ProjectionCopies copies, UserModelNames names)
{
    public async Task<IUserDirectory> DirectoryAsync(string? copy = null) =>
        copy is null
            ? (IUserDirectory)await copies.LiveAsync(names.Directory ?? throw new InvalidOperationException("This silo keeps no users read model (ReadModels:Redis and ReadModels:Sql are off)."))
            : await NamedAsync(copy);

    public async Task<IUserReadModel> SearchAsync(string? copy = null)
    {
        var model = copy is null
            ? await copies.LiveAsync(names.Search ?? throw new InvalidOperationException("Search needs the SQL read model, which this silo does not keep (ReadModels:Sql)."))
            : await NamedAsync(copy);
        return model as IUserReadModel ?? throw new InvalidOperationException($"Copy '{copy}' is a copy of a model without search; search reads copies of '{names.Search}'.");
    }

    private async Task<IUserDirectory> NamedAsync(string copy)
    {
        var found = await copies.FindCopyAsync(copy) ?? throw new ArgumentException($"No users read model has a copy '{copy}' (see projections copies <name>).", nameof(copy));
        var asOf = found.Entry.AsOf.FirstOrDefault(a => a.Copy == copy);
        if (asOf is { State: not ProjectionCatalog.Ready })
            throw new InvalidOperationException($"Copy '{copy}' (as of {asOf.Instant:O}) is still being built; resume its rebuild first.");
        return (IUserDirectory)copies.Open(found.Projection.Name, copy);
    }
}
