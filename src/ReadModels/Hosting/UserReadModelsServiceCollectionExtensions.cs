using Microsoft.Extensions.DependencyInjection;
using ReadModels.Postgres;
using ReadModels.Redis;
using ReadModels.Sqlite;
using ReadModels.Users;
using RedisEventSourcing.Projections;
using StackExchange.Redis;

namespace ReadModels.Hosting;

/// <summary>Registers the users read models as projections (which ones is configuration) and as what queries read.</summary>
public static class UserReadModelsServiceCollectionExtensions
{
    public const string RedisModelName = "users_redis";
    public const string SqlModelName = "users";

    public static IServiceCollection AddUserReadModels(this IServiceCollection services, UserReadModelsOptions options)
    {
        if (options.Redis)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(options.RedisConnectionString, nameof(options.RedisConnectionString));
            services.AddSingleton(_ =>
            {
                var configuration = ConfigurationOptions.Parse(options.RedisConnectionString);
                configuration.AbortOnConnectFail = false;
                return new RedisUserReadModel(ConnectionMultiplexer.Connect(configuration), new RedisUserReadModelOptions { Name = RedisModelName });
            });
            services.AddSingleton<IUserDirectory>(sp => sp.GetRequiredService<RedisUserReadModel>());
            services.AddSingleton<IProjection>(sp => sp.GetRequiredService<RedisUserReadModel>());
        }
        if (options.Sql)
        {
            services.AddSingleton<IUserReadModel>(_ => options.PostgresConnectionString is { Length: > 0 } postgres
                ? new PostgresUserReadModel(new PostgresUserReadModelOptions { ConnectionString = postgres, Name = SqlModelName })
                : new SqliteUserReadModel(new SqliteUserReadModelOptions { FilePath = CreatingFolder(options.SqlitePath), Name = SqlModelName }));
            services.AddSingleton<IProjection>(sp => sp.GetRequiredService<IUserReadModel>());
            // Lookups fall back to the SQL model when the Redis one is off.
            if (!options.Redis) services.AddSingleton<IUserDirectory>(sp => sp.GetRequiredService<IUserReadModel>());
        }
        return services;
    }

    private static string CreatingFolder(string path)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null) Directory.CreateDirectory(folder);
        return path;
    }
}
