using Microsoft.Extensions.DependencyInjection;
using StatusBoard.Probes.Conditions;
using StatusBoard.Probes.Running;

namespace StatusBoard.Probes.Kinds.Dns;

/// <summary><c>dns</c>: a lookup of a name with the system resolver or the probe's own.</summary>
public sealed class DnsKind : ProbeKind
{
    public override string Name => "dns";

    public override string Summary => "a DNS lookup of target (a name), recordType A, AAAA, CNAME, MX, TXT or NS, with an optional resolver";

    public override IReadOnlyList<Placeholder> Placeholders { get; } = [Placeholder.DnsRcode, Placeholder.Ip, Placeholder.Body, Placeholder.ResponseTime, Placeholder.Connected];

    public override string ConditionExample => "[DNS_RCODE] == NOERROR";

    public override ProbeSection Parse(ProbeDocument document, ValidationErrors errors)
    {
        var (target, recordType) = Targets.Name(document, errors);
        var resolver = Targets.Resolver(document.Resolver, errors);
        RefuseRequestAndSteps(document, errors);
        return new ProbeSection { Target = target, RecordType = recordType, Resolver = resolver, Conditions = RequiredConditions(document, errors) };
    }

    public override IProbeExecutor CreateExecutor(IServiceProvider services) => ActivatorUtilities.CreateInstance<DnsProbeExecutor>(services);
}
