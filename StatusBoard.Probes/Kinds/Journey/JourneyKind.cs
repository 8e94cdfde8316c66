using Microsoft.Extensions.DependencyInjection;
using StatusBoard.Probes.Conditions;
using StatusBoard.Probes.Running;

namespace StatusBoard.Probes.Kinds.Journey;

/// <summary><c>journey</c>: a synthetic payment in steps, with extracted values, polling and cleanup steps.</summary>
public sealed class JourneyKind : ProbeKind
{
    public override string Name => "journey";

    public override string Summary => "a payment in steps (steps: each a request with conditions, extract, poll, alwaysRun)";

    public override IReadOnlyList<Placeholder> Placeholders => Http.HttpKind.AnswerPlaceholders;

    public override string ConditionExample => "[STATUS] == 200 on each step";

    public override ProbeSection Parse(ProbeDocument document, ValidationErrors errors)
    {
        var steps = JourneyStepParser.Parse(document.Steps, errors);
        if (document.Request is not null)
        {
            errors.Add("request", "belongs to http probes; a journey has its requests in steps");
        }

        if (document.Conditions is { Count: > 0 })
        {
            errors.Add("conditions", "belongs to http probes; a journey has conditions on each step");
        }

        return new ProbeSection { Steps = steps };
    }

    public override IProbeExecutor CreateExecutor(IServiceProvider services) => ActivatorUtilities.CreateInstance<JourneyExecutor>(services);

    /// <summary>Every step and every poll of it.</summary>
    public override TimeSpan AttemptDeadline(ProbeDefinition probe) =>
        probe.Steps.Aggregate(TimeSpan.Zero, (sum, step) => sum + (step.Poll?.Deadline ?? TimeSpan.Zero) + probe.Timeout);
}
