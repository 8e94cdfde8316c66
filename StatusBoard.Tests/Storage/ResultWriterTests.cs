using Microsoft.Extensions.Logging.Abstractions;
using StatusBoard.Probes.Running;
using StatusBoard.Probes.Storage;

namespace StatusBoard.Tests.Storage;

public sealed class ResultWriterTests
{
    private sealed class FlakyStore(int failFirst, Func<Exception>? failure = null) : IResultStore
    {
        private int _calls;

        /// <summary>While set, every write fails, whatever <c>failFirst</c> says.</summary>
        public volatile bool Failing;

        public List<ProbeResult> Stored { get; } = [];

        public List<int> BatchSizes { get; } = [];

        public Task<IReadOnlyList<ProbeResult>> WriteNewAsync(IReadOnlyList<ProbeResult> results, CancellationToken cancellationToken)
        {
            if (++_calls <= failFirst || Failing)
            {
                throw failure?.Invoke() ?? new InvalidOperationException("database is locked");
            }

            BatchSizes.Add(results.Count);
            Stored.AddRange(results);
            return Task.FromResult(results);
        }

        public Task<IReadOnlyList<ProbeResult>> QueryAsync(ResultQuery query, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<Rollup>> RollupsAsync(RollupQuery query, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<ResultSummary>> MergeSummariesAsync(IReadOnlyList<ResultSummary> summaries, CancellationToken cancellationToken) => throw new NotSupportedException();

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

    [Fact]
    public async Task RunAsync_DiskFull_KeepsProbingResultsWaiting_RaisesTheAlert_AndWritesThemWhenSpaceComesBack()
    {
        // SQLite's own answer to a full disk (SQLITE_FULL), six times in a row: more than the writer once tried before dropping.
        var store = new FlakyStore(failFirst: 6, () => new Microsoft.Data.Sqlite.SqliteException("SQLite Error 13: 'database or disk is full'.", 13));
        var writer = new ResultWriter(store, Options.Create(new StorageOptions()), NullLogger<ResultWriter>.Instance);
        var changes = new System.Collections.Concurrent.ConcurrentQueue<StorageFault?>();
        using var status = writer.SubscribeStatus(changes.Enqueue);
        var running = Task.Run(writer.RunAsync, TestContext.Current.CancellationToken);
        var at = new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);

        await writer.EnqueueAsync(TestResults.Make(at), TestContext.Current.CancellationToken);
        Wait.For(() => writer.Status is not null, "the fault to be noticed");
        for (var i = 1; i < 20; i++)
        {
            await writer.EnqueueAsync(TestResults.Make(at.AddSeconds(i)), TestContext.Current.CancellationToken);
        }

        Wait.For(() => store.Stored.Count == 20, "every result once the disk has room", TimeSpan.FromSeconds(20));
        writer.Complete();
        await running;

        Assert.Null(writer.Status);
        Assert.Equal(0, writer.Dropped);
        Assert.Equal(20, store.Stored.Select(r => r.Id).Distinct().Count());
        Assert.Collection(changes, fault => Assert.Contains("disk is full", fault!.Error, StringComparison.Ordinal), Assert.Null);
    }

    [Fact]
    public async Task RunAsync_FailingLongerThanTheBufferHolds_DropsTheOldestAndCountsThem()
    {
        var store = new FlakyStore(failFirst: 0) { Failing = true };
        var writer = new ResultWriter(store, Options.Create(new StorageOptions { BufferedResults = 5, BatchWindow = TimeSpan.Zero }), NullLogger<ResultWriter>.Instance);
        var running = Task.Run(writer.RunAsync, TestContext.Current.CancellationToken);
        var at = new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);
        await writer.EnqueueAsync(TestResults.Make(at, id: "first"), TestContext.Current.CancellationToken);
        Wait.For(() => writer.Status is not null, "the fault to be noticed");

        for (var i = 1; i <= 20; i++)
        {
            // Never waits: a run's result is taken however full the buffer is.
            var enqueued = writer.EnqueueAsync(TestResults.Make(at.AddSeconds(i), id: $"r{i}"), TestContext.Current.CancellationToken).AsTask();
            Assert.True(enqueued.IsCompletedSuccessfully);
        }

        store.Failing = false;
        Wait.For(() => writer.Status is null && writer.Queued == 0, "the writer to recover", TimeSpan.FromSeconds(20));
        writer.Complete();
        await running;

        Assert.Equal(15, writer.Dropped);
        Assert.Equal(["first", "r16", "r17", "r18", "r19", "r20"], store.Stored.Select(r => r.Id));
    }
}
