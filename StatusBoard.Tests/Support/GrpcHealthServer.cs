using System.Security.Cryptography.X509Certificates;
using Grpc.Health.V1;
using Grpc.HealthCheck;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace StatusBoard.Tests.Support;

/// <summary>
/// A real gRPC server on a loopback port (ASP.NET Core's gRPC, HTTP/2 only, TLS when given a certificate) with the
/// standard health service of Grpc.HealthCheck, or without it: a target for <c>grpc</c> probes.
/// </summary>
internal sealed class GrpcHealthServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private GrpcHealthServer(WebApplication app, HealthServiceImpl health)
    {
        _app = app;
        Health = health;
        Port = new Uri(app.Urls.First()).Port;
    }

    public int Port { get; }

    /// <summary>What the server answers: <c>SetStatus("payments", …)</c>; "" is the whole server.</summary>
    public HealthServiceImpl Health { get; }

    public static async Task<GrpcHealthServer> StartAsync(X509Certificate2? certificate = null, bool withHealth = true)
    {
        var health = new HealthServiceImpl();
        health.SetStatus("", HealthCheckResponse.Types.ServingStatus.Serving);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            if (certificate is not null)
            {
                listen.UseHttps(certificate);
            }
        }));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(health);
        var app = builder.Build();
        if (withHealth)
        {
            app.MapGrpcService<HealthServiceImpl>();
        }

        await app.StartAsync();
        return new GrpcHealthServer(app, health);
    }

    public void Set(string service, bool serving) =>
        Health.SetStatus(service, serving ? HealthCheckResponse.Types.ServingStatus.Serving : HealthCheckResponse.Types.ServingStatus.NotServing);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
