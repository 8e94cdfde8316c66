using StatusBoard.Probes.Classification;
using StatusBoard.Probes.Conditions;
using StatusBoard.Probes.Running;

namespace StatusBoard.Probes.Kinds.Http;

/// <summary>An <c>http</c> probe: one request, its conditions, its error code.</summary>
public sealed class HttpProbeExecutor(HttpExchanger exchanger, TimeProvider time) : IProbeExecutor
{
    public ProbeKind Kind => Kinds.ProbeKinds.Http;

    public async Task<Attempt> ExecuteAsync(ProbeDefinition probe, RunContext context, CancellationToken cancellationToken)
    {
        var values = new TemplateValues(context.Region, context.SandboxBase, time.GetUtcNow(), new Dictionary<string, string>()) { Draw = context.Draws.Get };
        var exchange = await exchanger.SendAsync(probe.Request!, values, probe.Timeout, cancellationToken);
        return new Attempt(EvidenceOf(exchange, probe.Conditions, probe.ErrorCodePath, step: null), exchange.Phases, Redaction.Excerpt(exchange.Response?.Body))
        {
            CertificateExpiresAt = exchange.Response?.CertificateExpiration is { } left ? time.GetUtcNow() + left : null,
        };
    }

    /// <summary>The evidence of one exchange against a list of conditions.</summary>
    internal static Evidence EvidenceOf(Exchange exchange, IReadOnlyList<Condition> conditions, JsonPath? errorCodePath, string? step)
    {
        var response = exchange.Response!;
        var results = exchange.Transport == TransportFailure.None
            ? conditions.Select(condition => condition.Evaluate(response)).ToList()
            : [];
        var answered = exchange.Transport == TransportFailure.None;
        return new Evidence
        {
            Transport = exchange.Transport,
            TransportDetail = exchange.TransportDetail,
            HttpStatus = response.Status,
            ErrorCode = ErrorCode(response, errorCodePath),
            Conditions = results,
            Duration = exchange.Elapsed,
            Step = step,
            Body = !answered ? BodyShape.None
                : response.Body.Length == 0 ? BodyShape.Empty
                : response.Json is null ? BodyShape.NotJson
                : BodyShape.Json,
            CutAtCap = exchange.Truncated,
            Location = answered && response.Headers.TryGetValue("Location", out var location) ? location : null,
            Challenge = answered ? Challenges.Detect(response) : null,
        };
    }

    private static string? ErrorCode(ResponseSnapshot response, JsonPath? path) =>
        path is not null && response.Json is { } json && path.TryEvaluate(json, out var code)
            && code.ValueKind is not (System.Text.Json.JsonValueKind.Null or System.Text.Json.JsonValueKind.Object or System.Text.Json.JsonValueKind.Array)
            ? JsonPath.ToText(code)
            : null;
}
