using Microsoft.Extensions.DependencyInjection;
using StatusBoard.Probes.Conditions;
using StatusBoard.Probes.Running;

namespace StatusBoard.Probes.Kinds.Grpc;

/// <summary>
/// <c>grpc</c>: the standard gRPC health check (<c>grpc.health.v1.Health/Check</c>) of a server at host:port, for the
/// whole server or one <c>service</c>, over TLS (the default) or plaintext (<c>"tls": false</c>).
/// <c>[STATUS]</c> is the health it answers (<c>SERVING</c>, <c>NOT_SERVING</c>, <c>UNKNOWN</c>) or, when the call
/// fails, the gRPC status code (<c>NOT_FOUND</c> for a service the server does not know, <c>UNIMPLEMENTED</c>…).
/// </summary>
public sealed class GrpcKind : ProbeKind
{
    public override string Name => "grpc";

    public override string Summary => "the gRPC health check of target (host:port) for service (optional), over TLS unless tls is false";

    public override IReadOnlyList<Placeholder> Placeholders { get; } = [Placeholder.Status, Placeholder.Connected, Placeholder.ResponseTime];

    public override string ConditionExample => "[STATUS] == SERVING";

    public override IReadOnlyList<string> OwnFields { get; } = ["service", "tls"];

    /// <summary>Gatus's <c>grpc://</c> (plaintext) and <c>grpcs://</c> (TLS) endpoints.</summary>
    public override IReadOnlyList<string> ImportSchemes { get; } = ["grpc", "grpcs"];

    public override void Import(Uri url, ProbeDocument probe)
    {
        base.Import(url, probe);
        probe.Extensions = new Dictionary<string, JsonElement>(StringComparer.Ordinal) { ["tls"] = Flag(url.Scheme == "grpcs") };
        // Gatus reads the health as [BODY].status; here it is [STATUS].
        probe.Conditions = [.. (probe.Conditions ?? []).Select(c => c.Replace("[BODY].status", "[STATUS]", StringComparison.Ordinal))];
        if (probe.Conditions.Count == 0)
        {
            probe.Conditions.Add(ConditionExample);
        }
    }

    public override ProbeSection Parse(ProbeDocument document, ValidationErrors errors)
    {
        var target = Targets.HostPort(document, errors);
        RefuseRequestAndSteps(document, errors);
        var service = "";
        var tls = true;
        if (Field(document, "service") is { } named)
        {
            service = named.ValueKind == JsonValueKind.String ? named.GetString()!.Trim() : "\0";
            if (service.Length > 200 || PlainText.HasHidden(service))
            {
                errors.Add("service", "must be a service name of at most 200 characters, such as payments or grpc.health.v1.Health; leave it out for the whole server");
            }
        }

        if (Field(document, "tls") is { } secure)
        {
            if (secure.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                errors.Add("tls", "must be true (the default: TLS, the certificate checked) or false (plaintext HTTP/2)");
            }

            tls = secure.ValueKind != JsonValueKind.False;
        }

        return new ProbeSection { Target = target, Conditions = RequiredConditions(document, errors), Settings = new GrpcSettings(service, tls) };
    }

    /// <summary>One of the kind's own fields, when the document gives it (a null is as good as leaving it out).</summary>
    private static JsonElement? Field(ProbeDocument document, string name) =>
        document.Extensions is { } fields && fields.TryGetValue(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    private static JsonElement Flag(bool value)
    {
        using var document = JsonDocument.Parse(value ? "true" : "false");
        return document.RootElement.Clone();
    }

    public override IProbeExecutor CreateExecutor(IServiceProvider services) => ActivatorUtilities.CreateInstance<GrpcHealthExecutor>(services, this);
}

/// <summary>The service to ask about ("" for the whole server) and whether the connection is TLS.</summary>
public sealed record GrpcSettings(string Service, bool Tls);
