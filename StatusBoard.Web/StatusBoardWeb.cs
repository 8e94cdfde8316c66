using StatusBoard.Probes;
using StatusBoard.Probes.Common;
using StatusBoard.Probes.Running;
using StatusBoard.Web.Api;
using StatusBoard.Web.Api.Statuspage;
using StatusBoard.Web.Components;
using StatusBoard.Web.Sandbox;
using StatusBoard.Web.Services;

namespace StatusBoard.Web;

/// <summary>The few calls <c>Program.cs</c> makes: services in, endpoints out.</summary>
public static class StatusBoardWeb
{
    public static WebApplicationBuilder AddStatusBoard(this WebApplicationBuilder builder)
    {
        // With one scheme, ASP.NET Core would authenticate every request with it, including probe traffic to the
        // sandbox that carries its own bearer tokens. Only endpoints that ask for a key read one.
        AppContext.SetSwitch("Microsoft.AspNetCore.Authentication.SuppressAutoDefaultScheme", true);

        // Under `dotnet run` the static files (root wwwroot, scoped CSS, MudBlazor) are found through the build's
        // manifest, which ASP.NET Core reads by itself only in Development. Published output carries its own files.
        builder.WebHost.UseStaticWebAssets();
        var services = builder.Services;
        services.AddSingleton(provider =>
            provider.GetRequiredService<IConfiguration>().GetSection("StatusBoard:Sandbox").Get<SandboxOptions>() ?? new SandboxOptions());
        services.AddSingleton<ISandboxLocator, SandboxLocator>();
        services.AddSingleton<SandboxFaults>();
        services.AddSingleton<SandboxPayments>();
        services.AddStatusBoardProbes(builder.Configuration);
        services.AddSingleton<ApiKeys>();
        services.AddHostedService<BootstrapApiKey>();

        // No default scheme: only the endpoints that need a key read one, so probe traffic to the sandbox is never looked up.
        services.AddAuthentication().AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyHandler>(ApiKeys.Scheme, null);
        services.AddAuthorizationBuilder().AddPolicy(ApiKeys.AdminPolicy, policy => policy.AddAuthenticationSchemes(ApiKeys.Scheme).RequireRole(ApiKeys.AdminRole));
        services.AddOptions<PageOptions>().Bind(builder.Configuration.GetSection("StatusBoard:Page"))
            .Validate(o => o.Url is null || (Uri.TryCreate(o.Url, UriKind.Absolute, out var u) && u.Scheme is "http" or "https"), "StatusBoard:Page:Url must be an absolute http(s) URL")
            .ValidateOnStart();
        services.AddSingleton<StatuspageView>();
        services.AddCors(options => options.AddPolicy(StatuspageApi.CorsPolicy, policy => policy.AllowAnyOrigin().WithMethods("GET").AllowAnyHeader()));
        services.AddSingleton<UptimeService>();
        services.AddSingleton<PublicStatus>();
        services.AddScoped<Microsoft.AspNetCore.Components.Web.HtmlRenderer>();
        services.AddOutputCache(options =>
        {
            options.AddPolicy(StatuspageApi.CachePolicy, policy => policy.Expire(TimeSpan.FromSeconds(5)));
            options.AddPublicPagePolicy();
        });
        services.AddSingleton(provider =>
            provider.GetRequiredService<IConfiguration>().GetSection("StatusBoard:Reports").Get<ReportsOptions>() ?? new ReportsOptions());
        services.AddSingleton<OverallReportLimit>();
        services.AddRateLimiter(_ => { });
        services.AddOptions<Microsoft.AspNetCore.RateLimiting.RateLimiterOptions>()
            .Configure<ReportsOptions>((options, limits) => options.AddReportLimits(limits));
        // Chinese text is written as itself, not as numeric entities: a third of the bytes, and readable source.
        services.AddWebEncoders(options => options.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(options => Json.Configure(options.SerializerOptions));
        services.AddRazorComponents().AddInteractiveServerComponents();
        return builder;
    }

    public static WebApplication UseStatusBoard(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
        }

        app.UseStatusCodePages();
        app.UseCors();
        app.UseOutputCache();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapStaticAssets();
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
        if (app.Services.GetRequiredService<SandboxOptions>().Enabled)
        {
            app.MapSandbox();
        }

        app.MapPublicPage();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
