using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using StatusBoard.Probes.Catalog;
using StatusBoard.Probes.Health;
using StatusBoard.Probes.Running;
using StatusBoard.Probes.Storage;

namespace StatusBoard.Probes;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// What runs a probe, in the server and in a remote agent alike: the executors, the runner, the outbound allow-list
    /// and their options (<c>StatusBoard:Probes:Http</c>, <c>:Scheduler</c>, <c>:AllowedPrivateNetworks</c>).
    /// </summary>
    public static IServiceCollection AddProbeEngine(this IServiceCollection services, IConfiguration configuration)
    {
        Configuration.DurationSettings.Register();
        // Which environment variables ${NAME} references may read: decided once, at start, for the whole process.
        Secrets.Policy = new SecretReferencePolicy(
            configuration["StatusBoard:Secrets:EnvPrefix"] is { Length: > 0 } prefix ? prefix : Secrets.DefaultPrefix,
            (configuration.GetSection("StatusBoard:Secrets:Allowed").Get<string[]>() ?? []).ToHashSet(StringComparer.Ordinal));
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<ProbeHttpOptions>().Bind(configuration.GetSection("StatusBoard:Probes:Http"))
            .Validate(o => o.MaxBodyBytes is >= 1024 and <= 16 * 1024 * 1024, "StatusBoard:Probes:Http:MaxBodyBytes must be between 1 KB and 16 MB")
            .ValidateOnStart();
        services.AddOptions<SchedulerOptions>().Bind(configuration.GetSection("StatusBoard:Probes:Scheduler"))
            .Validate(o => o.MaxConcurrency is >= 1 and <= 10_000, "StatusBoard:Probes:Scheduler:MaxConcurrency must be between 1 and 10000")
            .Validate(o => o.WakeResolution >= TimeSpan.Zero && o.WakeResolution <= TimeSpan.FromSeconds(1), "StatusBoard:Probes:Scheduler:WakeResolution must be between 0 and 1 s")
            .ValidateOnStart();
        services.AddOptions<DestinationOptions>().Bind(configuration.GetSection("StatusBoard:Probes")).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DestinationOptions>, DestinationOptionsValidation>();
        services.AddSingleton<Destinations>();
        services.AddSingleton<HttpExchanger>();
        foreach (var kind in Kinds.ProbeKinds.All)
        {
            services.AddSingleton(provider => kind.CreateExecutor(provider));
        }

        services.AddSingleton<ProbeRunner>();
        return services;
    }

    /// <summary>The probe engine, storage and health, configured from <c>StatusBoard:*</c> and <c>ConnectionStrings:StatusBoard</c>.</summary>
    public static IServiceCollection AddStatusBoardProbes(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<StorageOptions>()
            .Bind(configuration.GetSection("StatusBoard:Storage"))
            .Configure<IConfiguration>((options, current) =>
            {
                if (current.GetConnectionString("StatusBoard") is { Length: > 0 } connectionString)
                {
                    options.ConnectionString = connectionString;
                }
            })
            .Validate(o => o.Provider != StorageProvider.Postgres || ValidPostgres(o.ConnectionString),
                "StatusBoard:Storage:Provider is postgres: set ConnectionStrings:StatusBoard (or StatusBoard:Storage:ConnectionString) to an Npgsql connection string with Host and Database, e.g. Host=db;Database=statusboard;Username=statusboard;Password=…")
            .ValidateOnStart();
        services.AddOptions<HealthOptions>().Bind(configuration.GetSection("StatusBoard:Health"))
            .Validate(o => o.ConfirmationCount >= 1 && o.RecoveryCount >= 1, "StatusBoard:Health:ConfirmationCount and RecoveryCount must be at least 1")
            .ValidateOnStart();
        services.AddProbeEngine(configuration);

        // Read when first needed, not now: configuration sources may still be added after services are registered.
        services.AddSingleton(provider => ProbesConfiguration.Read(provider.GetRequiredService<IConfiguration>()));
        services.AddSingleton<Database>(provider => provider.GetRequiredService<IOptions<StorageOptions>>().Value.Provider == StorageProvider.Postgres
            ? ActivatorUtilities.CreateInstance<PostgresDatabase>(provider)
            : ActivatorUtilities.CreateInstance<SqliteDatabase>(provider));
        // The day rollups' days: UTC's, unless the host knows its readers' zone (the web app uses the page's).
        services.TryAddSingleton(DayCalendar.Utc);
        services.AddSingleton<IResultStore, SqlResultStore>();
        services.AddOptions<Cluster.ClusterOptions>().Bind(configuration.GetSection("StatusBoard:Cluster"))
            .Validate(o => o.LeaseRenewal >= TimeSpan.FromMilliseconds(100) && o.LeaseDuration >= 3 * o.LeaseRenewal,
                "StatusBoard:Cluster:LeaseDuration must be at least three times LeaseRenewal (at least 100ms), e.g. 00:00:30 and 00:00:05")
            .ValidateOnStart();
        services.AddSingleton<Cluster.LeaseStore>();
        services.AddSingleton<Cluster.Leadership>();
        services.AddSingleton<Cluster.ClusterSignals>();
        services.AddHostedService(provider => provider.GetRequiredService<Cluster.Leadership>());
        services.AddSingleton<ICatalogStore, SqlCatalogStore>();
        services.AddSingleton<ResultWriter>();
        services.AddSingleton<HealthTracker>();
        services.AddSingleton<HealthService>();
        services.AddSingleton<Maintenance.MaintenanceStore>();
        services.AddSingleton<Maintenance.MaintenanceSchedule>();
        services.AddSingleton<Reports.ReportStore>();
        services.AddOptions<Verdicts.VerdictOptions>().Bind(configuration.GetSection("StatusBoard:Verdict"))
            .Validate(o => string.IsNullOrWhiteSpace(o.MinimumAppVersion) || Verdicts.VerdictEvaluator.IsVersion(o.MinimumAppVersion),
                "StatusBoard:Verdict:MinimumAppVersion must be a version of numbers and dots, such as 5.2.0 (or left out)")
            .ValidateOnStart();
        services.AddSingleton<ProbeCatalog>();
        services.AddSingleton<ResultPipeline>();
        services.AddSingleton<ManualRuns>();
        services.AddSingleton<Metrics.ProbeMetrics>();
        services.AddSingleton<IResultObserver>(provider => provider.GetRequiredService<Metrics.ProbeMetrics>());
        services.AddSingleton<Metrics.EngineMetrics>();
        services.TryAddSingleton<ISandboxLocator, NoSandbox>();
        services.AddSingleton(provider =>
        {
            var pipeline = provider.GetRequiredService<ResultPipeline>();
            var sandbox = provider.GetRequiredService<ISandboxLocator>();
            return new ProbeScheduler(
                provider.GetRequiredService<TimeProvider>(),
                provider.GetRequiredService<IOptions<SchedulerOptions>>(),
                (pair, cancellationToken) => pipeline.RunAsync(pair.Probe, new RunContext(pair.Region, ResultPipeline.InProcessAgent, sandbox.BaseAddress), cancellationToken),
                provider.GetRequiredService<ILogger<ProbeScheduler>>());
        });
        services.AddHostedService<ProbeHost>();
        services.AddOptions<Incidents.IncidentOptions>().Bind(configuration.GetSection("StatusBoard:Incidents"))
            .Validate(o => o.ConfirmationPeriod >= TimeSpan.Zero && o.RecoveryPeriod >= TimeSpan.Zero && o.EvaluationInterval >= TimeSpan.FromMilliseconds(100),
                "StatusBoard:Incidents: ConfirmationPeriod and RecoveryPeriod must not be negative, EvaluationInterval at least 100ms")
            .ValidateOnStart();
        services.AddSingleton<Incidents.IncidentStore>();
        services.AddSingleton<Incidents.IncidentDesk>();
        services.AddOptions<Reliability.SloOptions>().Bind(configuration.GetSection("StatusBoard:Slo"))
            .Validate(o => o.Default is > 0 and < 1 && o.Components.Values.All(v => v is > 0 and < 1),
                "StatusBoard:Slo:Default and StatusBoard:Slo:Components:<key> must be between 0 and 1, e.g. 0.9995")
            .Validate(o => o.PartialOutageWeight is >= 0 and <= 1 && o.DegradedWeight is >= 0 and <= 1,
                "StatusBoard:Slo:PartialOutageWeight and DegradedWeight must be between 0 and 1")
            .ValidateOnStart();
        services.AddSingleton<Reliability.ReliabilityReport>();
        services.AddSingleton<Configuration.ConfigImporter>();
        services.AddSingleton<Configuration.ConfigExporter>();
        services.AddSingleton<Configuration.ConfigDirectory>();
        services.AddHostedService(provider => provider.GetRequiredService<Configuration.ConfigDirectory>());
        services.AddOptions<Notifications.NotificationOptions>().Bind(configuration.GetSection("StatusBoard:Notifications"))
            .Validate(o => o.Channels.Select((c, i) => Notifications.ChannelDirectory.Validate(c.Name is null ? Named(c, i) : c)).All(e => e.IsEmpty),
                "StatusBoard:Notifications:Channels:N: each needs Type webhook or slack with an absolute http(s) Url, or email with To addresses; Events from the known list")
            .ValidateOnStart();
        services.AddSingleton<Notifications.ChannelStore>();
        services.AddSingleton<Notifications.ChannelDirectory>();
        services.AddSingleton<Cluster.ConfigurationReload>();
        services.AddHostedService<Notifications.OperationsWatcher>();
        services.AddSingleton<Notifications.Outbox>();
        services.AddSingleton<Incidents.IIncidentObserver, Notifications.IncidentNotifier>();
        services.AddHttpClient(Notifications.NotificationDispatcher.ClientName, client => client.Timeout = TimeSpan.FromSeconds(15))
            .ConfigurePrimaryHttpMessageHandler(provider => new System.Net.Http.SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                ConnectCallback = provider.GetRequiredService<Destinations>().ConnectAsync,
            })
            // The factory would log every request's URL, and a Slack or chat webhook's URL is its secret.
            .RemoveAllLoggers();
        services.AddHostedService<Notifications.NotificationDispatcher>();
        services.AddSingleton<Incidents.IncidentEngine>();
        services.AddHostedService(provider => provider.GetRequiredService<Incidents.IncidentEngine>());
        return services;
    }

    private static bool ValidPostgres(string connectionString)
    {
        try
        {
            var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
            return !string.IsNullOrWhiteSpace(builder.Host) && !string.IsNullOrWhiteSpace(builder.Database);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static Notifications.ChannelOptions Named(Notifications.ChannelOptions channel, int index) => new()
    {
        Name = $"channel-{index}", Type = channel.Type, Url = channel.Url, Secret = channel.Secret, Events = channel.Events, To = channel.To, Template = channel.Template,
        RoutingKey = channel.RoutingKey, ApiKey = channel.ApiKey, ChatId = channel.ChatId, Lang = channel.Lang,
        Components = channel.Components, MinImpact = channel.MinImpact, EscalateAfter = channel.EscalateAfter, EscalateTo = channel.EscalateTo,
    };

    private sealed class NoSandbox : ISandboxLocator
    {
        public string? BaseAddress => null;
    }
}
