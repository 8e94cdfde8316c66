using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StatusBoard.Probes.Running;
using StatusBoard.Probes.Storage;
using StatusBoard.Tests.Support;

namespace StatusBoard.Tests.Storage;

public sealed class ResultWriterTests
{
    private sealed class FlakyStore(int failFirst) : IResultStore
    {
        private int _calls;

        public List<ProbeResult> Stored { get; } = [];

        public List<int> BatchSizes { get; } = [];

        public Task<int> WriteAsync(IReadOnlyList<ProbeResult> results, CancellationToken cancellationToken)
        {
            if (++_calls <= failFirst)
            {
                throw new InvalidOperationException("database is locked");
            }

            BatchSizes.Add(results.Count);
            Stored.AddRange(results);
            return Task.FromResult(results.Count);
        }

        public Task<IReadOnlyList<ProbeResult>> QueryAsync(ResultQuery query, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<Rollup>> RollupsAsync(RollupQuery query, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<int> PruneAsync(DateTimeOffset now, CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    [Fact]
    public async Task Complete_WritesEverythingQueued_InBatches()
    {
        var store = new FlakyStore(failFirst: 0);
        var writer = new ResultWriter(store, Options.Create(new StorageOptions { MaxBatch = 100 }), NullLogger<ResultWriter>.Instance);
        var at = new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < 450; i++)
        {
            await writer.EnqueueAsync(TestResults.Make(at.AddSeconds(i)), TestContext.Current.CancellationToken);
        }

        writer.Complete();
        await writer.RunAsync();

        Assert.Equal(450, store.Stored.Count);
        Assert.All(store.BatchSizes, size => Assert.InRange(size, 1, 100));
        Assert.Equal(450, writer.Written);
    }

    [Fact]
    public async Task RunAsync_ResultsArrivingTogether_AreWrittenInOneTransaction()
    {
        var store = new FlakyStore(failFirst: 0);
        var writer = new ResultWriter(store, Options.Create(new StorageOptions { BatchWindow = TimeSpan.FromSeconds(2) }), NullLogger<ResultWriter>.Instance);
        var running = writer.RunAsync();
        var at = new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < 10; i++)
        {
            await writer.EnqueueAsync(TestResults.Make(at.AddSeconds(i)), TestContext.Current.CancellationToken);
        }

        Wait.For(() => writer.Written == 10, "the ten results to be written");
        Assert.Equal([10], store.BatchSizes);

        // At shutdown nothing waits for the window.
        await writer.EnqueueAsync(TestResults.Make(at.AddSeconds(10)), TestContext.Current.CancellationToken);
        writer.Complete();
        await running.WaitAsync(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        Assert.Equal(11, writer.Written);
    }

    [Fact]
    public async Task RunAsync_StoreFailsTwice_RetriesAndLosesNothing()
    {
        var store = new FlakyStore(failFirst: 2);
        var writer = new ResultWriter(store, Options.Create(new StorageOptions()), NullLogger<ResultWriter>.Instance);
        await writer.EnqueueAsync(TestResults.Make(new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero)), TestContext.Current.CancellationToken);

        writer.Complete();
        await writer.RunAsync();

        Assert.Single(store.Stored);
    }
}
