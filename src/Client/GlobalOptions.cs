using System.CommandLine;
using System.CommandLine.Parsing;

namespace UsersCli;

/// <summary>The options every command accepts (recursive options of the root command).</summary>
internal sealed class GlobalOptions
{
    public const string DefaultGateway = "127.0.0.1:30000";
    public const string GatewayEnvironmentVariable = "USERS_GATEWAY";
    public const string RedisEnvironmentVariable = "USERS_REDIS";
    public const string RedisTlsCaEnvironmentVariable = "USERS_REDIS_TLS_CA";
    public const string TlsCaEnvironmentVariable = "USERS_TLS_CA";
    public const string TlsCertEnvironmentVariable = "USERS_TLS_CERT";
    public const string TlsKeyEnvironmentVariable = "USERS_TLS_KEY";

    public Option<string> Gateway { get; } = new("--gateway")
    {
        Description = $"Silo gateway to connect to (static clustering) [default: ${GatewayEnvironmentVariable} or {DefaultGateway}]",
        HelpName = "host:port",
        Recursive = true,
    };

    public Option<string> Redis { get; } = new("--redis")
    {
        Description = $"Redis connection string: find the gateways through Redis clustering instead of --gateway [default: ${RedisEnvironmentVariable}]",
        HelpName = "connection string",
        Recursive = true,
    };

    public Option<string> RedisTlsCa { get; } = new("--redis-tls-ca")
    {
        Description = $"PEM file of the CA that signed Redis' TLS certificate: connect to --redis with TLS [default: ${RedisTlsCaEnvironmentVariable}]",
        HelpName = "file",
        Recursive = true,
    };

    public Option<string> TlsCa { get; } = new("--tls-ca")
    {
        Description = $"PEM file of the CA that signed the silos' TLS certificates: connect to the gateway with mutual TLS (needs --tls-cert and --tls-key) [default: ${TlsCaEnvironmentVariable}]",
        HelpName = "file",
        Recursive = true,
    };

    public Option<string> TlsCert { get; } = new("--tls-cert")
    {
        Description = $"PEM certificate this client presents to the gateway, signed by the same CA [default: ${TlsCertEnvironmentVariable}]",
        HelpName = "file",
        Recursive = true,
    };

    public Option<string> TlsKey { get; } = new("--tls-key")
    {
        Description = $"PEM private key of --tls-cert [default: ${TlsKeyEnvironmentVariable}]",
        HelpName = "file",
        Recursive = true,
    };

    public Option<string> ClusterId { get; } = new("--cluster-id")
    {
        Description = "Orleans cluster id",
        DefaultValueFactory = _ => "users-dev",
        Recursive = true,
    };

    public Option<string> ServiceId { get; } = new("--service-id")
    {
        Description = "Orleans service id",
        DefaultValueFactory = _ => "users",
        Recursive = true,
    };

    public Option<int> ConnectTimeout { get; } = new("--connect-timeout")
    {
        Description = "Seconds to keep trying to reach the silo before giving up",
        HelpName = "seconds",
        DefaultValueFactory = _ => 10,
        Recursive = true,
    };

    public Option<string> CommandId { get; } = new("--command-id")
    {
        Description = "Idempotency key of the command; reuse the one printed after an 'outcome unknown' error to retry safely [default: a new id]",
        HelpName = "id",
        Recursive = true,
    };

    public Option<string> CorrelationId { get; } = new("--correlation-id")
    {
        Description = "Correlation id recorded with the events [default: a new id]",
        HelpName = "id",
        Recursive = true,
    };

    public Option<string> Actor { get; } = new("--actor")
    {
        Description = "Who issues the command, recorded with the events",
        DefaultValueFactory = _ => NonBlank(Environment.GetEnvironmentVariable("USER")) ?? "cli",
        Recursive = true,
    };

    public Option<string> OtlpEndpoint { get; } = new("--otlp-endpoint")
    {
        Description = $"Export this invocation's trace spans over OTLP to this collector (e.g. http://127.0.0.1:4317) [default: ${ClientTracing.OtlpEndpointVariable}, else no tracing]",
        HelpName = "url",
        Recursive = true,
    };

    public Option<bool> Verbose { get; } = new("--verbose")
    {
        Description = "Write the Orleans client's logs to stderr",
        Recursive = true,
    };

    public GlobalOptions()
    {
        Gateway.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (value is not null && !GatewayAddress.TryParse(value, out _, out var problem))
                result.AddError($"Invalid --gateway '{value}': {problem}");
        });
        OtlpEndpoint.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() is { } value && !Uri.TryCreate(value, UriKind.Absolute, out _))
                result.AddError($"Invalid --otlp-endpoint '{value}': an absolute URL such as http://127.0.0.1:4317 is expected.");
        });
        ConnectTimeout.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 600)
                result.AddError("--connect-timeout must be between 1 and 600 seconds.");
        });
        foreach (var option in new[] { ClusterId, ServiceId, CommandId, CorrelationId, Actor })
        {
            option.Validators.Add(result =>
            {
                if (result.GetValueOrDefault<string>() is { } v && string.IsNullOrWhiteSpace(v))
                    result.AddError($"{result.Option.Name} must not be empty.");
            });
        }
    }

    public void AddTo(RootCommand root)
    {
        foreach (var option in new Option[] { Gateway, Redis, RedisTlsCa, TlsCa, TlsCert, TlsKey, ClusterId, ServiceId, ConnectTimeout, CommandId, CorrelationId, Actor, OtlpEndpoint, Verbose })
            root.Options.Add(option);
    }

    /// <summary>Where and how to connect, with the environment variables applied.</summary>
    public ConnectionSettings GetConnectionSettings(ParseResult parseResult)
    {
        var redis = NonBlank(parseResult.GetValue(Redis)) ?? NonBlank(Environment.GetEnvironmentVariable(RedisEnvironmentVariable));
        var gateway = NonBlank(parseResult.GetValue(Gateway))
            ?? NonBlank(Environment.GetEnvironmentVariable(GatewayEnvironmentVariable))
            ?? DefaultGateway;
        return new ConnectionSettings(
            gateway,
            redis,
            parseResult.GetRequiredValue(ClusterId),
            parseResult.GetRequiredValue(ServiceId),
            TimeSpan.FromSeconds(parseResult.GetValue(ConnectTimeout)),
            parseResult.GetValue(Verbose),
            ExistingFile(NonBlank(parseResult.GetValue(RedisTlsCa)) ?? NonBlank(Environment.GetEnvironmentVariable(RedisTlsCaEnvironmentVariable)), RedisTlsCa.Name),
            GatewayTls(parseResult));
    }

    /// <summary>The collector given with <c>--otlp-endpoint</c>; null leaves it to <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>.</summary>
    public Uri? GetOtlpEndpoint(ParseResult parseResult) =>
        NonBlank(parseResult.GetValue(OtlpEndpoint)) is { } value ? new Uri(value) : null;

    /// <summary>The command metadata (idempotency key, correlation id, actor) for this invocation.</summary>
    public CallMetadata GetCallMetadata(ParseResult parseResult) => new(
        NonBlank(parseResult.GetValue(CommandId)),
        NonBlank(parseResult.GetValue(CorrelationId)) ?? Guid.NewGuid().ToString(),
        parseResult.GetRequiredValue(Actor));

    private GatewayTlsFiles? GatewayTls(ParseResult parseResult)
    {
        var ca = FileOption(parseResult, TlsCa, TlsCaEnvironmentVariable);
        var certificate = FileOption(parseResult, TlsCert, TlsCertEnvironmentVariable);
        var key = FileOption(parseResult, TlsKey, TlsKeyEnvironmentVariable);
        if (ca is null && certificate is null && key is null) return null;
        if (ca is null || certificate is null || key is null)
            throw new ArgumentException($"TLS to the gateway needs all of {TlsCa.Name}, {TlsCert.Name} and {TlsKey.Name}.");
        return new GatewayTlsFiles(ca, certificate, key);
    }

    private static string? FileOption(ParseResult parseResult, Option<string> option, string environmentVariable) =>
        ExistingFile(NonBlank(parseResult.GetValue(option)) ?? NonBlank(Environment.GetEnvironmentVariable(environmentVariable)), option.Name);

    private static string? ExistingFile(string? path, string option) =>
        path is null || File.Exists(path) ? path : throw new ArgumentException($"{option}: no file '{path}'");

    private static string? NonBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
