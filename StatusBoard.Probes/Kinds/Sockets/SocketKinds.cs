using Microsoft.Extensions.DependencyInjection;
using StatusBoard.Probes.Conditions;
using StatusBoard.Probes.Running;

namespace StatusBoard.Probes.Kinds.Sockets;

/// <summary><c>tcp</c>: a connection to host:port, optionally a line sent and the answer read.</summary>
public sealed class TcpKind : ProbeKind
{
    public override string Name => "tcp";

    public override string Summary => "a TCP connection to target (host:port), optionally sending send and reading the answer";

    public override IReadOnlyList<Placeholder> Placeholders { get; } = [Placeholder.Connected, Placeholder.ResponseTime, Placeholder.Body];

    public override string ConditionExample => "[CONNECTED] == true";

    public override IReadOnlyList<string> ImportSchemes { get; } = ["tcp"];

    public override ProbeSection Parse(ProbeDocument document, ValidationErrors errors)
    {
        var target = Targets.HostPort(document, errors);
        if (document.Send is { Length: > 4096 })
        {
            errors.Add("send", "must be at most 4096 characters");
        }

        RefuseRequestAndSteps(document, errors);
        return new ProbeSection { Target = target, Send = document.Send, Conditions = RequiredConditions(document, errors) };
    }

    public override IProbeExecutor CreateExecutor(IServiceProvider services) => ActivatorUtilities.CreateInstance<SocketProbeExecutor>(services, this);
}

/// <summary><c>tls</c>: a TLS handshake with host:port, its certificate's expiry, name and chain as conditions.</summary>
public sealed class TlsKind : ProbeKind
{
    public override string Name => "tls";

    public override string Summary => "a TLS handshake with target (host:port): the certificate's expiry, hostname match and chain";

    public override IReadOnlyList<Placeholder> Placeholders { get; } =
        [Placeholder.Connected, Placeholder.ResponseTime, Placeholder.CertificateExpiration, Placeholder.CertificateHostnameMatch, Placeholder.CertificateChainValid, Placeholder.Body];

    public override string ConditionExample => "[CERTIFICATE_EXPIRATION] > 72h";

    public override IReadOnlyList<string> ImportSchemes { get; } = ["tls"];

    public override ProbeSection Parse(ProbeDocument document, ValidationErrors errors)
    {
        var target = Targets.HostPort(document, errors);
        RefuseRequestAndSteps(document, errors);
        return new ProbeSection { Target = target, Conditions = RequiredConditions(document, errors) };
    }

    public override IProbeExecutor CreateExecutor(IServiceProvider services) => ActivatorUtilities.CreateInstance<SocketProbeExecutor>(services, this);
}
