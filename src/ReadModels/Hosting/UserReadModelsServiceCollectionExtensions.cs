using Microsoft.Extensions.DependencyInjection;
using ReadModels.Postgres;
using ReadModels.Queries;
using ReadModels.Redis;
using ReadModels.Sqlite;
using RedisEventSourcing.Projections;
using StackExchange.Redis;

namespace ReadModels.Hosting;

/// <summary>
/// Registers the users read models as projections with copies (which ones is configuration), and
/// what queries read: the live copy of each, or a named copy.
/// </summary>
public static class UserReadModelsServiceCollectionExtensions
{
    public const string RedisModelName = "users_redis";
    public const string SqlModelName = "users";

    public static IServiceCollection AddUserReadModels(this IServiceCollection services, UserReadModelsOptions options)
    {
        if (options.Redis)
        {
            if (options.RedisConfiguration is null)
                ArgumentException.ThrowIfNullOrWhiteSpace(options.RedisConnectionString, nameof(options.RedisConnectionString));
            services.AddSingleton<IProjectionFactory>(_ =>
            {
                var configuration = options.RedisConfiguration?.Clone() ?? ConfigurationOptions.Parse(options.RedisConnectionString!);
                configuration.AbortOnConnectFail = false;
                var redis = ConnectionMultiplexer.Connect(configuration);
                return new UserModelFactory(RedisModelName, copy => new RedisUserReadModel(redis, new RedisUserReadModelOptions { Name = copy }));
            });
        }
        if (options.Sql)
        {
            services.AddSingleton<IProjectionFactory>(_ => options.PostgresConnectionString is { Length: > 0 } postgres
                ? new UserModelFactory(SqlModelName, copy => new PostgresUserReadModel(new PostgresUserReadModelOptions { ConnectionString = postgres, Name = copy }))
                : new UserModelFactory(SqlModelName, copy => new SqliteUserReadModel(new SqliteUserReadModelOptions { FilePath = CreatingFolder(options.SqlitePath), Name = copy })));
        }
        // Lookups read the Redis model; without it, the SQL one. Search needs the SQL one.
        services.AddSingleton(new UserModelNames(
            options.Redis ? RedisModelName : options.Sql ? SqlModelName : null,
            options.Sql ? SqlModelName : null));
        services.AddSingleton<UserModels>();
        return services;
    }

    private static string CreatingFolder(string path)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null) Directory.CreateDirectory(folder);
        return path;
    }
}
