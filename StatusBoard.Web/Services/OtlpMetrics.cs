using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using StatusBoard.Probes.Cluster;
using StatusBoard.Probes.Metrics;

namespace StatusBoard.Web.Services;

/// <summary>
/// With <c>StatusBoard:Metrics:Otlp:Endpoint</c> set, the meter <c>StatusBoard</c> is exported over OTLP (HTTP/protobuf,
/// or <c>:Protocol</c> = <c>grpc</c>) every <c>:ExportInterval</c>: every family <c>/metrics</c> has (the probes' from
/// <see cref="ProbeMetrics"/>, the engine's from <see cref="EngineMetrics"/>), from the service <c>statusboard</c> with this
/// node as <c>service.instance.id</c>. Without it the OpenTelemetry SDK is never started.
/// </summary>
public sealed class OtlpMetrics(IConfiguration configuration, EngineMetrics engine, Leadership leadership, ILogger<OtlpMetrics> logger) : IHostedService, IDisposable
{
    public const string ServiceName = "statusboard";

    /// <summary>Held so its instruments live as long as the export (resolving it creates them).</summary>
    private readonly EngineMetrics _engine = engine;

    private MeterProvider? _provider;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var section = configuration.GetSection("StatusBoard:Metrics:Otlp");
        if (section["Endpoint"] is not { Length: > 0 } endpoint)
        {
            return Task.CompletedTask;
        }

        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new InvalidOperationException("StatusBoard:Metrics:Otlp:Endpoint must be an absolute http(s) URL, such as http://collector:4318/v1/metrics");
        }

        var interval = section.GetValue("ExportInterval", TimeSpan.FromSeconds(60));
        var exporter = new OtlpMetricExporter(new OtlpExporterOptions
        {
            Endpoint = uri,
            Protocol = section["Protocol"] == "grpc" ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf,
        });
        _provider = Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService(ServiceName, serviceInstanceId: leadership.Node, autoGenerateServiceInstanceId: false))
            .AddMeter(ProbeMetrics.MeterName)
            .AddReader(new PeriodicExportingMetricReader(exporter, (int)interval.TotalMilliseconds))
            .Build();
        logger.LogInformation("Exporting the {Meter} meter over OTLP to {Endpoint} every {Interval}", ProbeMetrics.MeterName, uri, interval);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _provider?.ForceFlush(2_000);
        return Task.CompletedTask;
    }

    public void Dispose() => _provider?.Dispose();
}
