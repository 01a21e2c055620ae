using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using QuickStart;

// Redis: the first argument, else REDIS_CONNECTION, else a local default.
var redis = args.FirstOrDefault() ?? Environment.GetEnvironmentVariable("REDIS_CONNECTION") ?? "localhost:6379";

using var host = Host.CreateDefaultBuilder()
    .ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
    .UseOrleans(silo => silo
        .UseLocalhostClustering() // one silo on ports 11111 / 30000
        .AddCartEventStore(redis))
    .Build();
await host.StartAsync();

var cart = host.Services.GetRequiredService<IGrainFactory>().GetGrain<ICartGrain>($"cart-{Guid.NewGuid():N}");
await cart.Add("apple", 3);
await cart.Add("pear", 1);
var view = await cart.Remove("pear");
Console.WriteLine($"{cart.GetPrimaryKeyString()}: {string.Join(", ", view.Items.Select(i => $"{i.Key} x{i.Value}"))} at version {view.Version}");

await host.StopAsync();
