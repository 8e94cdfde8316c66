using StatusBoard.Probes.Classification;
using StatusBoard.Probes.Conditions;
using StatusBoard.Probes.Running;

namespace StatusBoard.Probes.Kinds.Journey;

/// <summary>
/// A <c>journey</c>: steps in order, values extracted between them, polling until a state is reached. Its cleanup steps
/// (<c>alwaysRun</c>, a refund) run once per run, after the last attempt, whether the journey passed or failed, with
/// the values every attempt extracted — so a retried journey never refunds twice. The first failing step is the evidence.
/// </summary>
public sealed class JourneyExecutor(HttpExchanger exchanger, TimeProvider time) : IProbeExecutor
{
    public ProbeKind Kind { get; } = Kinds.ProbeKinds.Get("journey");

    public async Task<Attempt> ExecuteAsync(ProbeDefinition probe, RunContext context, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var walk = new Walk(new Dictionary<string, string>(StringComparer.Ordinal));
        await RunStepsAsync(probe, probe.Steps.Where(step => !step.AlwaysRun), context, walk, cancellationToken);
        var attempt = walk.ToAttempt(time.GetElapsedTime(started));
        if (!probe.Steps.Any(step => step.AlwaysRun))
        {
            return attempt;
        }

        return attempt with
        {
            Finish = async ct =>
            {
                var cleanupStarted = time.GetTimestamp();
                // Every value extracted in any attempt of this run: what the attempts created is what is cleaned up.
                var cleanup = walk with { Variables = new Dictionary<string, string>(context.Draws.Extracted, StringComparer.Ordinal) };
                await RunStepsAsync(probe, probe.Steps.Where(step => step.AlwaysRun), context, cleanup, ct);
                return cleanup.ToAttempt(attempt.Evidence.Duration + time.GetElapsedTime(cleanupStarted));
            },
        };
    }

    private async Task RunStepsAsync(ProbeDefinition probe, IEnumerable<JourneyStep> steps, RunContext context, Walk walk, CancellationToken cancellationToken)
    {
        foreach (var step in steps)
        {
            if (walk.Failure is not null && !step.AlwaysRun)
            {
                continue;
            }

            var (exchange, evidence) = await RunStepAsync(probe, step, context, walk.Variables, cancellationToken);
            walk.Last = exchange;
            walk.Phases ??= exchange.Phases;
            walk.Conditions.AddRange(evidence.Conditions.Select(c => c with { Condition = $"{step.Name}: {c.Condition}", Display = $"{step.Name}: {c.Display}" }));
            if (exchange.Response is { } response)
            {
                foreach (var (name, reader) in step.Extract)
                {
                    var read = reader.Evaluate(response);
                    if (!read.Missing && read.Actual is { } actual)
                    {
                        walk.Variables[name] = actual;
                        context.Draws.Extracted[name] = actual;
                    }
                }
            }

            var failed = evidence.Fault is not null || evidence.Transport != TransportFailure.None || evidence.PollDeadlinePassed || evidence.Conditions.Any(c => !c.Success);
            if (failed && walk.Failure is null)
            {
                walk.Failure = evidence;
                walk.FailedExchange = exchange;
            }
        }
    }

    /// <summary>What a walk through steps has seen so far; the cleanup walk goes on from the forward one's.</summary>
    private sealed record Walk(Dictionary<string, string> Variables)
    {
        public List<ConditionResult> Conditions { get; init; } = [];

        public Evidence? Failure { get; set; }

        public Exchange? Last { get; set; }

        public Exchange? FailedExchange { get; set; }

        public TimingPhases? Phases { get; set; }

        public Attempt ToAttempt(TimeSpan total)
        {
            var final = (Failure ?? new Evidence { HttpStatus = Last?.Response?.Status }) with { Duration = total, Conditions = [.. Conditions] };
            return new Attempt(final, Phases, Redaction.Excerpt((FailedExchange ?? Last)?.Response?.Body));
        }
    }

    private async Task<(Exchange Exchange, Evidence Evidence)> RunStepAsync(
        ProbeDefinition probe, JourneyStep step, RunContext context, Dictionary<string, string> variables, CancellationToken cancellationToken)
    {
        var pollStarted = time.GetTimestamp();
        while (true)
        {
            var values = new TemplateValues(context.Region, context.SandboxBase, time.GetUtcNow(), variables) { Draw = context.Draws.Get, Step = step.Name };
            Exchange exchange;
            try
            {
                exchange = await exchanger.SendAsync(step.Request, values, probe.Timeout, cancellationToken);
            }
            catch (UnsafeRequestException unsafeRequest)
            {
                // The step cannot be sent as filled: the run is the probe's error, and cleanup steps still run.
                return (new Exchange { Response = new ResponseSnapshot() }, new Evidence { Fault = unsafeRequest.Message, Step = step.Name });
            }


            var evidence = Http.HttpProbeExecutor.EvidenceOf(exchange, step.Conditions, probe.ErrorCodePath, step.Name);
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
