using Microsoft.Extensions.DependencyInjection.Extensions;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.RateLimiting;
using MudBlazor.Services;
using StatusBoard.Probes;
using StatusBoard.Probes.Running;
using StatusBoard.Web.Api;
using StatusBoard.Web.Api.Statuspage;
using StatusBoard.Web.Accounts;
using StatusBoard.Web.Agents;
using StatusBoard.Web.Backups;
using StatusBoard.Web.Components;
using StatusBoard.Web.Hubs;
using StatusBoard.Web.Live;
using StatusBoard.Web.Sandbox;
using StatusBoard.Web.Security;
using StatusBoard.Web.Services;
using StatusBoard.Web.Subscribers;

namespace StatusBoard.Web;

/// <summary>The few calls <c>Program.cs</c> makes: services in, endpoints out, one group per concern.</summary>
public static class StatusBoardWeb
{
    public static WebApplicationBuilder AddStatusBoard(this WebApplicationBuilder builder)
    {
        // Under `dotnet run` the static files (root wwwroot, scoped CSS, MudBlazor) are found through the build's
        // manifest, which ASP.NET Core reads by itself only in Development. Published output carries its own files.
        builder.WebHost.UseStaticWebAssets();
        Probes.Configuration.DurationSettings.Register();
        builder.Services.AddHostedService<Services.UnknownSettings>();

        var services = builder.Services;
        // The first service started: nothing reads or writes a table before the schema is up to date.
        services.AddHostedService<Probes.Storage.SchemaMigration>();
        services.AddWebSchema();
        services.AddSandbox();
        services.AddSecretProtection();
        services.AddAgents();
        services.AddBackups();
        services.AddStatusBoardProbes(builder.Configuration);
        services.AddSignIn();
        services.AddLive();
        services.AddPublicSurfaces(builder.Configuration);
        services.AddUserReports();
        services.AddProblemDetails();
        services.AddExceptionHandler<StorageUnavailable>();
        services.ConfigureHttpJsonOptions(options => Json.Configure(options.SerializerOptions));
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddOpenApi("v1", openApi =>
        {
            openApi.ShouldInclude = description => description.RelativePath?.StartsWith("api/v1/", StringComparison.Ordinal) == true;
            openApi.AddDocumentTransformer<Api.OpenApiDescription>();
            openApi.AddOperationTransformer<Api.OpenApiDescription>();
        });
        services.AddMudServices(mud =>
        {
            mud.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.BottomRight;
            mud.SnackbarConfiguration.VisibleStateDuration = 5000;
            mud.SnackbarConfiguration.PreventDuplicates = false;
        });
        var signalR = services.AddSignalR();
        if (builder.Configuration["StatusBoard:Cluster:Redis"] is { Length: > 0 } redis)
        {
            // Hub messages reach the clients of every web node.
            var name = builder.Configuration["StatusBoard:Cluster:Name"] is { Length: > 0 } configured ? configured : new Probes.Cluster.ClusterOptions().Name;
            signalR.AddStackExchangeRedis(redis, options =>
            {
                options.Configuration.ChannelPrefix = StackExchange.Redis.RedisChannel.Literal($"{name}:signalr");
                // Redis away at start: keep trying rather than give up on the backplane for good.
                options.Configuration.AbortOnConnectFail = false;
            });
        }

        services.AddHostedService<Cluster.ClusterBus>();
        services.AddHostedService<OtlpMetrics>();
        return builder;
    }

    public static WebApplication UseStatusBoard(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = ErrorPages.WriteFailureAsync });
        }

        // A body too slow, cut short or malformed is the client's: its own status (408, 400), never a 500.
        app.Use(async (http, next) =>
        {
            try
            {
                await next(http);
            }
            catch (BadHttpRequestException exception) when (!http.Response.HasStarted)
            {
                http.Response.Clear();
                await JsonBody.WriteProblemAsync(http.Response, exception.StatusCode,
                    exception.StatusCode == StatusCodes.Status408RequestTimeout ? "Request body too slow" : "Bad request", exception.Message);
            }
        });
        app.UseTrustedProxies();
        app.UseSecurityHeaders();
        app.UseStatusCodePages(ErrorPages.WriteStatusAsync);
        app.UseCors();
        // Who is asking is known before the limits, and the limits come before the cache: a cached answer is cheap,
        // but a client over its limit gets none.
        app.UseAuthentication();
        app.UseCrossSiteWriteGuard();
        app.UseRateLimiter();
        // Compressed where nothing secret is sent (so no BREACH): the public pages, feeds, badges and the Statuspage API.
        // The plain public page comes compressed already, once per render.
        app.UseWhen(http => PublicPage.IsPublicRead(http.Request), branch => branch.UseResponseCompression());
        app.UseOutputCache();
        StatusHub.RefuseUnknownKeys(app);
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapStaticAssets();
        // /openapi/v1.json: the /api/v1 endpoints as the app maps them, for client generators and linters.
        app.MapOpenApi().AllowAnonymous();
        app.MapProbesApi();
        app.MapComponentsApi();
        app.MapResultsApi();
        app.MapHealthApi();
        app.MapStatuspageApi();
        app.MapVerdictApi();
        app.MapIncidentsApi();
        app.MapMaintenanceApi();
        app.MapBadgesApi();
        app.MapReportsApi();
        app.MapSubscribersApi();
        app.MapReliabilityApi();
        app.MapChannelsApi();
        app.MapMetricsApi(app.Configuration);
        app.MapBannerApi();
        app.MapAgentApi();
        app.MapConfigApi();
        app.MapBackupApi();
        if (app.Services.GetRequiredService<SandboxOptions>().Enabled)
        {
            app.MapSandbox();
        }

        app.MapSignIn();
        app.MapHub<StatusHub>(StatusHub.Path);
        app.MapPublicPage();
        // SecurityHeaders sends frame-ancestors 'none' with the rest of the policy; Blazor's own 'self' would be a second header.
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode(options => options.ContentSecurityFrameAncestorsPolicy = null);
        return app;
    }

    private static void AddSandbox(this IServiceCollection services)
    {
        services.AddOptions<SandboxOptions>().BindConfiguration("StatusBoard:Sandbox")
            .Validate(o => o.SettleAfter >= TimeSpan.Zero, "StatusBoard:Sandbox:SettleAfter must be a duration such as 00:00:00.300")
            .ValidateOnStart();
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<SandboxOptions>>().Value);
        services.AddSingleton<ISandboxLocator, SandboxLocator>();
        services.AddSingleton<SandboxFaults>();
        services.AddSingleton<SandboxPayments>();
    }

    /// <summary>The live feed of results and status changes, for the dashboard and the hub.</summary>
    private static void AddLive(this IServiceCollection services)
    {
        services.AddSingleton<LiveStats>();
        services.AddSingleton<ResultFeed>();
        services.AddSingleton<IResultObserver>(provider => provider.GetRequiredService<ResultFeed>());
        services.AddHostedService<LiveSeed>();
        services.AddSingleton<StatusChanges>();
        services.AddHostedService(provider => provider.GetRequiredService<StatusChanges>());
        services.AddHostedService<HubRelay>();
        services.AddHostedService<MaintenanceBroadcast>();
        services.AddSingleton<Probes.Incidents.IIncidentObserver, IncidentBroadcast>();
        services.AddSingleton<Live.OpenIncidents>();
        services.AddHostedService(provider => provider.GetRequiredService<Live.OpenIncidents>());
        services.AddSingleton<Probes.Incidents.IIncidentObserver>(provider => provider.GetRequiredService<Live.OpenIncidents>());
        services.AddSingleton<BoardBuilder>();
        services.AddSingleton<ProbeHistory>();
    }

    /// <summary>The public page, its JSON, feeds and badges: cached, open to any origin, Chinese written as itself.</summary>
    private static void AddPublicSurfaces(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PageOptions>().Bind(configuration.GetSection("StatusBoard:Page"))
            .Validate(o => o.Url is null || (Uri.TryCreate(o.Url, UriKind.Absolute, out var u) && u.Scheme is "http" or "https"), "StatusBoard:Page:Url must be an absolute http(s) URL")
            .Validate(o => o.MaxAge >= PageSnapshots.RefreshAfter && o.MaxAge <= TimeSpan.FromMinutes(10), "StatusBoard:Page:MaxAge must be between 00:00:05 and 00:10:00")
            .Validate(o => PageOptions.FindZone(o.TimeZone) is not null, "StatusBoard:Page:TimeZone must be an IANA time zone this machine knows, such as Asia/Shanghai")
            .Validate(o => !o.LinkProblems().Any(), "StatusBoard:Page:Announcements and Links: every link needs an absolute http(s) Url and its Names")
            .Validate(o => !o.BrandProblems().Any(), "StatusBoard:Page: AccentColor must be #rrggbb; LogoUrl and FaviconUrl absolute http(s) addresses or paths on this site")
            .ValidateOnStart();
        services.AddOptions<RegionOptions>()
            .Configure<IConfiguration>((options, settings) => options.Regions = settings.GetSection("StatusBoard:Regions").Get<List<RegionName>>() ?? [])
            .ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<RegionOptions>, RegionOptionsValidation>();
        services.AddSingleton<PublicFormat>();
        // Uptime days are the readers' days: the day rollups and the bars run midnight to midnight in the page's zone.
        services.Replace(ServiceDescriptor.Singleton(provider => new Probes.Storage.DayCalendar(provider.GetRequiredService<PublicFormat>().Zone)));
        services.AddSingleton<IncidentFeeds>();
        services.AddSingleton<StatuspageView>();
        services.AddSingleton<UptimeService>();
        services.AddSingleton<LatencyService>();
        services.AddSingleton<PublicStatus>();
        services.AddSingleton<PageSnapshots>();
        services.AddHostedService<PageRefresher>();
        services.AddScoped<HtmlRenderer>();
        services.AddCors(options => options.AddPolicy(StatuspageApi.CorsPolicy, policy => policy.AllowAnyOrigin().WithMethods("GET").AllowAnyHeader()));
        services.AddResponseCompression(options =>
        {
            options.EnableForHttps = true;
            options.Providers.Add<Microsoft.AspNetCore.ResponseCompression.BrotliCompressionProvider>();
            options.Providers.Add<Microsoft.AspNetCore.ResponseCompression.GzipCompressionProvider>();
            options.MimeTypes = ["text/html", "application/json", "application/atom+xml", "application/rss+xml", "image/svg+xml", "text/plain", "text/css", "text/javascript"];
        });
        // zlib's fastest level barely shrinks text (the stylesheet came out larger); the default levels are still quick.
        services.Configure<Microsoft.AspNetCore.ResponseCompression.GzipCompressionProviderOptions>(o => o.Level = System.IO.Compression.CompressionLevel.Optimal);
        services.Configure<Microsoft.AspNetCore.ResponseCompression.BrotliCompressionProviderOptions>(o => o.Level = System.IO.Compression.CompressionLevel.Optimal);
        services.AddOutputCache(options =>
        {
            options.AddPolicy(StatuspageApi.CachePolicy, policy => policy.Expire(TimeSpan.FromSeconds(5)));
            options.AddPublicPagePolicy();
        });
        services.AddWebEncoders(options => options.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
    }

    private static void AddUserReports(this IServiceCollection services)
    {
        // Checked at start: a limit of 0 or a window of nothing would fail the first report, not the start.
        services.AddOptions<ReportsOptions>().BindConfiguration("StatusBoard:Reports")
            .Validate(o => o.PerClientLimit >= 1 && o.PerClientWindow > TimeSpan.Zero && o.OverallPerMinute >= 1 && o.MinimumNetworks >= 1
                    && o.AllowedOrigins.All(origin => Uri.TryCreate(origin, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"),
                "StatusBoard:Reports: PerClientLimit, OverallPerMinute and MinimumNetworks must be at least 1, PerClientWindow a positive duration (00:10:00), AllowedOrigins absolute http(s) origins such as https://wallet.example")
            .ValidateOnStart();
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<ReportsOptions>>().Value);
        services.AddSingleton<OverallReportLimit>();
        services.AddSingleton<VerdictService>();
        services.AddOptions<Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions>().Configure<ReportsOptions>((cors, reports) =>
            cors.AddPolicy(ReportsApi.CorsPolicy, policy => policy.WithOrigins([.. reports.AllowedOrigins.Select(o => o.TrimEnd('/'))]).WithMethods("POST").WithHeaders("Content-Type")));
        services.AddRateLimiter(_ => { });
        services.AddClientLimits();
        // Forms here are a report, a sign-in or an edit: a value over 64 KB or a form over 1 MB is refused with a 4xx.
        services.Configure<Microsoft.AspNetCore.Http.Features.FormOptions>(options =>
        {
            options.ValueLengthLimit = 64 * 1024;
            options.ValueCountLimit = 256;
            options.KeyLengthLimit = 256;
            options.MultipartBodyLengthLimit = 1024 * 1024;
        });
        services.AddOptions<RateLimiterOptions>().Configure<ReportsOptions>((options, limits) => options.AddReportLimits(limits));
        services.AddOptions<Subscribers.SubscriberOptions>().BindConfiguration("StatusBoard:Subscribers")
            .Validate(o => o.ConfirmFor > TimeSpan.Zero && o.ResendAfter >= TimeSpan.Zero && o.PerNetworkLimit >= 1 && o.PerNetworkWindow > TimeSpan.Zero,
                "StatusBoard:Subscribers: ConfirmFor and PerNetworkWindow must be positive durations (e.g. 1.00:00:00, 00:10:00), PerNetworkLimit at least 1")
            .ValidateOnStart();
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<Subscribers.SubscriberOptions>>((options, limits) => options.AddSubscriberLimits(limits.Value));
        services.AddSingleton<Subscribers.SubscriberStore>();
        services.AddSingleton<Subscribers.SubscriberMessages>();
        services.AddSingleton<Subscribers.Subscriptions>();
        services.AddSingleton<Probes.Notifications.IPublicEventListener>(provider => provider.GetRequiredService<Subscribers.Subscriptions>());
        services.AddSingleton<Probes.Notifications.IOutboxRoute>(provider => provider.GetRequiredService<Subscribers.Subscriptions>());
    }
}
