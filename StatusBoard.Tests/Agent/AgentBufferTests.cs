using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using StatusBoard.Probes.Agent;
using StatusBoard.Probes.Classification;

namespace StatusBoard.Tests.Agent;

/// <summary>
/// The agent's disk buffer: bounded by summing its oldest results, delivered oldest first, a failed batch sent again
/// under its id; a damaged file moved aside, a full disk met with the newest results in memory.
/// </summary>
public sealed class AgentBufferTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 8, 0, 0, TimeSpan.Zero);
    private readonly string _directory = Directory.CreateTempSubdirectory("statusboard-buffer-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PastItsBound_TheOldestAreSummedPerProbeAndMinute_AndNoRunIsLost()
    {
        using var buffer = new AgentBuffer(Path.Combine(_directory, "buffer.db"), maxResults: 100);

        // 250 runs of two probes, one every 2 s each: about four minutes, a fifth of them down.
        for (var i = 0; i < 250; i++)
        {
            await buffer.AddAsync(TestResults.Make(T0.AddSeconds(i), i % 5 == 0 ? Outcome.Down : Outcome.Up, probe: i % 2 == 0 ? "balance" : "payments-create", durationMs: 40 + i), Ct);
            await buffer.Compacting;
        }

        var waiting = await buffer.CountAsync(Ct);
        var (summaries, summed) = await buffer.SummariesAsync(Ct);
        Assert.InRange(waiting, 1, 100);
        Assert.Equal(250, waiting + summed);
        Assert.Equal(summed, buffer.Summed);
        Assert.True(summaries >= 2, $"{summaries} summaries");

        // Delivered oldest first: every summary before any single result, results in the order they were made.
        var sent = new List<AgentBatch>();
        while (await buffer.SendOldestAsync(30, (batch, _) => { sent.Add(batch); return Task.CompletedTask; }, Ct))
        {
        }

        var firstResults = sent.FindIndex(b => b.Results.Count > 0);
        Assert.True(firstResults > 0);
        Assert.All(sent.Take(firstResults), b => Assert.Empty(b.Results));
        Assert.All(sent.Skip(firstResults), b => Assert.Empty(b.Summaries));
        var summariesSent = sent.SelectMany(b => b.Summaries).ToList();
        Assert.Equal(summed, summariesSent.Sum(s => s.Total));
        Assert.All(summariesSent, s => Assert.Equal(s.Total, s.Up + s.Down));
        Assert.Equal(250 / 5, summariesSent.Sum(s => s.Down) + sent.SelectMany(b => b.Results).Count(r => r.Outcome == Outcome.Down));
        var times = sent.SelectMany(b => b.Results).Select(r => r.StartedAt).ToList();
        Assert.Equal(times.Order(), times);
        Assert.Equal(waiting, times.Count);
        Assert.Equal(0, await buffer.CountAsync(Ct));
    }

    [Fact]
    public async Task ABatchThatFailed_IsSentAgainWholeUnderTheSameId()
    {
        using var buffer = new AgentBuffer(Path.Combine(_directory, "retry.db"));
        for (var i = 0; i < 5; i++)
        {
            await buffer.AddAsync(TestResults.Make(T0.AddSeconds(i)), Ct);
        }

        string? failedId = null;
        await Assert.ThrowsAsync<HttpRequestException>(() => buffer.SendOldestAsync(10, (batch, _) =>
        {
            failedId = batch.BatchId;
            throw new HttpRequestException("server away");
        }, Ct));
        AgentBatch? again = null;
        await buffer.SendOldestAsync(10, (batch, _) => { again = batch; return Task.CompletedTask; }, Ct);

        Assert.Equal(failedId, again!.BatchId);
        Assert.Equal(5, again.Results.Count);
        Assert.Equal(0, await buffer.CountAsync(Ct));
    }

    [Fact]
    public async Task ADamagedBufferFile_IsMovedAsideForInspection_NamedInTheLog_AndANewOneTakesResults()
    {
        // Torn at its start: not a database at all.
        var torn = Path.Combine(_directory, "torn.db");
        await File.WriteAllTextAsync(torn, string.Concat(Enumerable.Repeat("half a page written before the power went ", 200)), Ct);
        // Damaged inside: a sound header, garbage where its rows were.
        var damaged = Path.Combine(_directory, "damaged.db");
        using (var before = new AgentBuffer(damaged))
        {
            for (var i = 0; i < 200; i++)
            {
                await before.AddAsync(TestResults.Make(T0.AddSeconds(i)), Ct);
            }
        }

        SqliteConnection.ClearAllPools();
        await using (var file = new FileStream(damaged, FileMode.Open, FileAccess.Write))
        {
            file.Position = 4096 + 100;
            await file.WriteAsync(Enumerable.Repeat((byte)0xEE, 8192).ToArray(), Ct);
        }

        foreach (var path in new[] { torn, damaged })
        {
            var logger = new FakeLogger<AgentBuffer>();
            var original = await File.ReadAllBytesAsync(path, Ct);
            using var buffer = new AgentBuffer(path, logger: logger);

            await buffer.AddAsync(TestResults.Make(T0), Ct);

            Assert.Equal(1, await buffer.CountAsync(Ct));
            var aside = buffer.State.MovedAside;
            Assert.NotNull(aside);
            Assert.Equal(original, await File.ReadAllBytesAsync(aside, Ct));
            var error = Assert.Single(logger.Collector.GetSnapshot(), record => record.Level == LogLevel.Error);
            Assert.Contains(aside, error.Message, StringComparison.Ordinal);
            Assert.Contains("probing goes on", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task WhenTheDiskIsFull_TheNewestResultsWaitInMemory_AreDeliveredInOrder_AndTheFileTakesResultsAgainAfter()
    {
        var logger = new FakeLogger<AgentBuffer>();
        // A 64 KB file stands for a full disk: SQLite answers SQLITE_FULL either way.
        using var buffer = new AgentBuffer(Path.Combine(_directory, "full.db"), maxBytes: 64 * 1024, maxInMemory: 50, logger: logger);
        for (var i = 0; i < 600; i++)
        {
            await buffer.AddAsync(TestResults.Make(T0.AddSeconds(i), durationMs: i), Ct);
        }

        var onDisk = await buffer.CountAsync(Ct);
        var state = buffer.State;
        Assert.InRange(onDisk, 10, 549);
        Assert.NotNull(state.DiskFullSince);
        Assert.Equal(50, state.InMemory);
        Assert.Equal(600 - onDisk - 50, state.DroppedFromMemory);
        Assert.Contains(logger.Collector.GetSnapshot(), record => record.Level == LogLevel.Error && record.Message.Contains("wait in memory", StringComparison.Ordinal));

        var sent = new List<AgentBatch>();
        while (await buffer.SendOldestAsync(100, (batch, _) => { sent.Add(batch); return Task.CompletedTask; }, Ct))
        {
        }

        var delivered = sent.SelectMany(b => b.Results).Select(r => r.DurationMs).ToList();
        Assert.Equal(onDisk + 50, delivered.Count);
        Assert.Equal(delivered.Order(), delivered);
        Assert.Equal(599, delivered[^1]);
        Assert.Equal(sent.Count, sent.Select(b => b.BatchId).Distinct().Count());

        // Room again: the next result goes to the file and the buffer says it is well.
        await buffer.AddAsync(TestResults.Make(T0.AddSeconds(600)), Ct);
        Assert.Equal(1, await buffer.CountAsync(Ct));
        Assert.Null(buffer.State.DiskFullSince);
        Assert.Equal(0, buffer.State.InMemory);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
