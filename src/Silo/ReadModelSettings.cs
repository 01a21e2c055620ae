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
    public static UserReadModelsOptions From(IConfiguration configuration)
    {
        var options = new UserReadModelsOptions();
        configuration.GetSection("ReadModels").Bind(options);
        if (string.IsNullOrWhiteSpace(options.PostgresConnectionString)) options.PostgresConnectionString = null;
        return options;
    }
}
