using System.Collections.Concurrent;
using Polly;
using Polly.Retry;
using StatusBoard.Probes.Classification;

namespace StatusBoard.Probes.Running;

/// <summary>
/// Runs a probe once in a region: attempts, with retries that confirm a failure before it counts, then classifies.
/// A run cancelled by the caller (shutdown) throws <see cref="OperationCanceledException"/> and yields no result.
/// </summary>
public sealed class ProbeRunner
{
    private static readonly ResiliencePropertyKey<int> AttemptsKey = new("statusboard.attempts");
    private readonly Dictionary<string, IProbeExecutor> _executors;
    private readonly TimeProvider _time;
    private readonly ProbeHttpOptions _options;
    private readonly ConcurrentDictionary<int, ResiliencePipeline<(Attempt, Finding)>> _pipelines = new();

    public ProbeRunner(IEnumerable<IProbeExecutor> executors, TimeProvider time, IOptions<ProbeHttpOptions> options)
    {
        _executors = executors.ToDictionary(executor => executor.Kind.Name, StringComparer.Ordinal);
        _time = time;
        _options = options.Value;
    }

    public async Task<ProbeResult> RunAsync(ProbeDefinition probe, RunContext context, CancellationToken cancellationToken)
    {
        var executor = _executors[probe.Kind.Name];
        var startedAt = _time.GetUtcNow();
        // One request per run: the run's attempts share its drawn placeholders (the same Idempotency-Key on every retry).
        context = context with { Draws = new RunDraws() };
        var pipeline = _pipelines.GetOrAdd(probe.Retries, Pipeline);
        var resilience = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            var (attempt, finding) = await pipeline.ExecuteAsync(
                static async (ctx, state) =>
                {
                    ctx.Properties.Set(AttemptsKey, ctx.Properties.GetValue(AttemptsKey, 0) + 1);
                    var attempt = await AttemptAsync(state.executor, state.probe, state.context, ctx.CancellationToken);
                    return (attempt, Classifier.Classify(attempt.Evidence, state.probe.CategoryRules, state.probe.DegradedThreshold, state.probe.Inverted));
                },
                resilience,
                (executor, probe, context));

            cancellationToken.ThrowIfCancellationRequested();
            if (attempt.Finish is { } finish)
            {
                // Once per run, after its retries: a journey's cleanup steps.
                attempt = await finish(cancellationToken);
                finding = Classifier.Classify(attempt.Evidence, probe.CategoryRules, probe.DegradedThreshold, probe.Inverted);
            }

            var evidence = attempt.Evidence;
            return new ProbeResult
            {
                Id = Guid.CreateVersion7(startedAt).ToString("N"),
                Probe = probe.Key,
                Component = probe.Component,
                Region = context.Region,
                Agent = context.Agent,
                StartedAt = startedAt,
                DurationMs = Math.Round(evidence.Duration.TotalMilliseconds, 1),
                Outcome = finding.Outcome,
                Category = finding.Category,
                HttpStatus = evidence.HttpStatus,
                ErrorCode = evidence.ErrorCode,
                Message = finding.Message,
                Rule = finding.Rule,
                Attempts = resilience.Properties.GetValue(AttemptsKey, 1),
                Conditions = evidence.Conditions,
                Transport = evidence.Transport,
                Phases = attempt.Phases,
                Excerpt = attempt.Excerpt,
                CertificateExpiresAt = attempt.CertificateExpiresAt,
            };
        }
        finally
        {
            ResilienceContextPool.Shared.Return(resilience);
        }
    }

    /// <summary>
    /// One attempt, which never throws for the probe's sake: a probe StatusBoard cannot run (its fault, or an exception
    /// while building or sending its request) is an attempt whose evidence says so, classified as an <c>error</c>.
    /// Only the caller's cancellation (shutdown) goes through.
    /// </summary>
    private static async Task<Attempt> AttemptAsync(IProbeExecutor executor, ProbeDefinition probe, RunContext context, CancellationToken cancellationToken)
    {
        if (probe.Fault is { } fault)
        {
            return new Attempt(new Evidence { Fault = fault }, null, null);
        }

        try
        {
            return await executor.ExecuteAsync(probe, context, cancellationToken);
        }
        catch (UnsafeRequestException unsafeRequest)
        {
            return new Attempt(new Evidence { Fault = unsafeRequest.Message }, null, null);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new Attempt(new Evidence { Fault = $"StatusBoard could not run the probe: {exception.Message}" }, null, null);
        }
    }

    private ResiliencePipeline<(Attempt, Finding)> Pipeline(int retries)
    {
        if (retries == 0)
        {
            return ResiliencePipeline<(Attempt, Finding)>.Empty;
        }

        return new ResiliencePipelineBuilder<(Attempt, Finding)> { TimeProvider = _time }
            .AddRetry(new RetryStrategyOptions<(Attempt, Finding)>
            {
                MaxRetryAttempts = retries,
                Delay = _options.RetryDelay,
                BackoffType = DelayBackoffType.Constant,
                UseJitter = false,
                // Only a classified failure is retried; an exception (shutdown, a bug) goes straight to the caller.
                ShouldHandle = static args => ValueTask.FromResult(
                    args.Outcome.Exception is null
                    && args.Outcome.Result.Item2?.Outcome == Classification.Outcome.Down
                    && !args.Context.CancellationToken.IsCancellationRequested),
            })
            .Build();
    }
}
