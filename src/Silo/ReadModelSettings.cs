using Microsoft.Extensions.Configuration;
using ReadModels.Hosting;

namespace Silo;

/// <summary>
/// The <c>ReadModels</c> section: <c>Redis</c> and <c>Sql</c> (true/false: which models this silo
/// keeps), <c>SqlitePath</c> (the embedded SQL model's file), <c>PostgresConnectionString</c>
/// (SQL model and search in PostgreSQL instead of SQLite).
/// </summary>
public static class ReadModelSettings
{
    /// <param name="redisDataDirectory">
    /// The private Redis's data folder: without a configured <c>SqlitePath</c> the SQLite file sits
    /// beside it (<c>&lt;its parent&gt;/readmodels/users.db</c>), so the model lives and goes with the
    /// log it was built from.
    /// </param>
    public static UserReadModelsOptions From(IConfiguration configuration, string redisDataDirectory)
    {
        var options = new UserReadModelsOptions();
        configuration.GetSection("ReadModels").Bind(options);
        if (string.IsNullOrWhiteSpace(configuration["ReadModels:SqlitePath"]))
            options.SqlitePath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(redisDataDirectory)) ?? ".", "readmodels", "users.db");
        if (string.IsNullOrWhiteSpace(options.PostgresConnectionString)) options.PostgresConnectionString = null;
        return options;
    }
}
