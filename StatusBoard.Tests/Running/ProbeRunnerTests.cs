using StatusBoard.Probes.Classification;
using StatusBoard.Probes.Definitions;
using StatusBoard.Probes.Running;

namespace StatusBoard.Tests.Running;

public sealed class ProbeRunnerTests
{
    private sealed class ScriptedExecutor(params Evidence[] script) : IProbeExecutor
    {
        public int Calls { get; private set; }

        public ProbeKind Kind => StatusBoard.Probes.Kinds.ProbeKinds.Http;

        public Task<Attempt> ExecuteAsync(ProbeDefinition probe, RunContext context, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var evidence = script[Math.Min(Calls++, script.Length - 1)];
            return Task.FromResult(new Attempt(evidence, null, null));
        }
    }

    private static readonly Evidence Refused = new() { Transport = TransportFailure.ConnectionRefused };
    private static readonly Evidence Fine = new() { HttpStatus = 200, Duration = TimeSpan.FromMilliseconds(20) };
    private static readonly RunContext Sg = new("sg", "test", null);

    private static ProbeRunner Runner(IProbeExecutor executor) =>
        new([executor], TimeProvider.System, Options.Create(new ProbeHttpOptions { RetryDelay = TimeSpan.Zero }));

    [Fact]
    public async Task RunAsync_FailureThenSuccess_RetryConfirmsUp()
    {
        var executor = new ScriptedExecutor(Refused, Fine);

        var result = await Runner(executor).RunAsync(TestProbes.Http("p", "http://x", retries: 2), Sg, TestContext.Current.CancellationToken);

        Assert.Equal(Outcome.Up, result.Outcome);
        Assert.Equal(2, result.Attempts);
    }

    [Fact]
    public async Task RunAsync_AlwaysFailing_CountsEveryAttempt()
    {
        var executor = new ScriptedExecutor(Refused);

        var result = await Runner(executor).RunAsync(TestProbes.Http("p", "http://x", retries: 2), Sg, TestContext.Current.CancellationToken);

        Assert.Equal(Outcome.Down, result.Outcome);
        Assert.Equal(FailureCategory.Network, result.Category);
        Assert.Equal(3, result.Attempts);
        Assert.Equal(3, executor.Calls);
        Assert.Equal("sg", result.Region);
        Assert.Equal("payments", result.Component);
    }

    [Fact]
    public async Task RunAsync_NoRetries_OneAttempt()
    {
        var executor = new ScriptedExecutor(Refused);

        var result = await Runner(executor).RunAsync(TestProbes.Http("p", "http://x", retries: 0), Sg, TestContext.Current.CancellationToken);

        Assert.Equal(1, result.Attempts);
    }

    [Fact]
    public async Task RunAsync_CancelledAtShutdown_ThrowsAndYieldsNoResult()
    {
        using var shutdown = new CancellationTokenSource();
        await shutdown.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Runner(new ScriptedExecutor(Fine)).RunAsync(TestProbes.Http("p", "http://x", retries: 1), Sg, shutdown.Token));
    }
}
