using Microsoft.Extensions.DependencyInjection;
using StatusBoard.Probes.Conditions;
using StatusBoard.Probes.Running;

namespace StatusBoard.Probes.Kinds.Http;

/// <summary><c>http</c>: one request and conditions on its answer.</summary>
public sealed class HttpKind : ProbeKind
{
    /// <summary>What an HTTP answer offers conditions: everything but a DNS answer's.</summary>
    internal static readonly IReadOnlyList<Placeholder> AnswerPlaceholders =
        [.. PlaceholderNames.All.Where(p => p is not (Placeholder.DnsRcode or Placeholder.Ip))];

    public override string Name => "http";

    public override string Summary => "one request (request: method, url, headers, body) and conditions on its answer";

    public override IReadOnlyList<Placeholder> Placeholders => AnswerPlaceholders;

    public override string ConditionExample => "[STATUS] == 200";

    public override ProbeSection Parse(ProbeDocument document, ValidationErrors errors)
    {
        var request = ProbeDefinitionParser.ParseRequest(document.Request, "request", errors, new HashSet<string>(StringComparer.Ordinal));
        var conditions = RequiredConditions(document, errors);
        if (document.Steps is { Count: > 0 })
        {
            errors.Add("steps", "belongs to journeys; an http probe has one request");
        }

        return new ProbeSection { Request = request, Conditions = conditions };
    }

    public override IProbeExecutor CreateExecutor(IServiceProvider services) => ActivatorUtilities.CreateInstance<HttpProbeExecutor>(services);
}
