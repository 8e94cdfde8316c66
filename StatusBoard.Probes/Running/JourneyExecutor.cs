using StatusBoard.Probes.Classification;
using StatusBoard.Probes.Conditions;
using StatusBoard.Probes.Definitions;

namespace StatusBoard.Probes.Running;

/// <summary>
/// A <c>journey</c>: steps in order, values extracted between them, polling until a state is reached, and cleanup
/// steps (<c>alwaysRun</c>) that run even after a failure. The first failing step is the evidence.
/// </summary>
public sealed class JourneyExecutor(HttpExchanger exchanger, TimeProvider time) : IProbeExecutor
{
    public ProbeKind Kind => ProbeKind.Journey;

    public async Task<Attempt> ExecuteAsync(ProbeDefinition probe, RunContext context, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        var conditions = new List<ConditionResult>();
        Evidence? failure = null;
        Exchange? last = null;
        Exchange? failedExchange = null;
        TimingPhases? phases = null;

        foreach (var step in probe.Steps)
        {
            if (failure is not null && !step.AlwaysRun)
            {
                continue;
            }

            var (exchange, evidence) = await RunStepAsync(probe, step, context, variables, cancellationToken);
            last = exchange;
            phases ??= exchange.Phases;
            conditions.AddRange(evidence.Conditions.Select(c => c with { Condition = $"{step.Name}: {c.Condition}", Display = $"{step.Name}: {c.Display}" }));
            if (exchange.Response is { } response)
            {
                foreach (var (name, reader) in step.Extract)
                {
                    var read = reader.Evaluate(response);
                    if (!read.Missing && read.Actual is { } actual)
                    {
                        variables[name] = actual;
                    }
                }
            }

            var failed = evidence.Transport != TransportFailure.None || evidence.PollDeadlinePassed || evidence.Conditions.Any(c => !c.Success);
            if (failed && failure is null)
            {
                failure = evidence;
                failedExchange = exchange;
            }
        }

        var total = time.GetElapsedTime(started);
        var final = (failure ?? new Evidence { HttpStatus = last?.Response?.Status }) with { Duration = total, Conditions = conditions };
        return new Attempt(final, phases, Redaction.Excerpt((failedExchange ?? last)?.Response?.Body));
    }

    private async Task<(Exchange Exchange, Evidence Evidence)> RunStepAsync(
        ProbeDefinition probe, JourneyStep step, RunContext context, Dictionary<string, string> variables, CancellationToken cancellationToken)
    {
        var pollStarted = time.GetTimestamp();
        while (true)
        {
            var values = new TemplateValues(context.Region, context.SandboxBase, time.GetUtcNow(), variables) { Draw = context.Draws.Get, Step = step.Name };
            var exchange = await exchanger.SendAsync(step.Request, values, probe.Timeout, cancellationToken);
            var evidence = HttpProbeExecutor.EvidenceOf(exchange, step.Conditions, probe.ErrorCodePath, step.Name);
            if (step.Poll is not { } poll || exchange.Transport != TransportFailure.None || evidence.Conditions.Any(c => !c.Success))
            {
                return (exchange, evidence);
            }

            var until = poll.Until.Evaluate(exchange.Response!);
            if (until.Success)
            {
                return (exchange, evidence);
            }

            if (time.GetElapsedTime(pollStarted) + poll.Every > poll.Deadline)
            {
                return (exchange, evidence with { PollDeadlinePassed = true, Conditions = [.. evidence.Conditions, until] });
            }

            await Task.Delay(poll.Every, time, cancellationToken);
        }
    }
}
