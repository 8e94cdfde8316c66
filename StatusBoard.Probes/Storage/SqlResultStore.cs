using System.Data;
using System.Data.Common;
using Dapper;
using StatusBoard.Probes.Classification;
using StatusBoard.Probes.Running;

namespace StatusBoard.Probes.Storage;

/// <summary>Results and rollups in SQLite or PostgreSQL: the same statements on both.</summary>
public sealed partial class SqlResultStore(Database database, IOptions<StorageOptions> options, DayCalendar? days = null) : IResultStore
{
    /// <summary>The days of the day rollups: midnight to midnight in the public page's zone (UTC when none is given).</summary>
    private readonly DayCalendar _days = days ?? DayCalendar.Utc;

    private static readonly RollupGrain[] Grains = [RollupGrain.Minute, RollupGrain.Hour, RollupGrain.Day];

    private const string InsertResult =
        """
        INSERT INTO results (id, probe, component, region, agent, started_at, duration_ms, outcome, category,
            http_status, error_code, message, attempts, transport, conditions, phases, excerpt, rule)
        VALUES (@id, @probe, @component, @region, @agent, @started_at, @duration_ms, @outcome, @category,
            @http_status, @error_code, @message, @attempts, @transport, @conditions, @phases, @excerpt, @rule)
        ON CONFLICT (id) DO NOTHING
        """;

    private const string SelectRollup =
        """
        SELECT total, up, degraded, down, latency_sum, latency_max, histogram, categories
        FROM rollups WHERE grain = @grain AND probe = @probe AND region = @region AND bucket = @bucket
        """;

    private const string UpsertRollup =
        """
        INSERT INTO rollups (grain, probe, region, bucket, component, total, up, degraded, down, latency_sum, latency_max,
                             p50_ms, p95_ms, p99_ms, histogram, categories)
        VALUES (@grain, @probe, @region, @bucket, @component, @total, @up, @degraded, @down, @latency_sum, @latency_max,
                @p50, @p95, @p99, @histogram, @categories)
        ON CONFLICT (grain, probe, region, bucket) DO UPDATE SET
            total = excluded.total, up = excluded.up, degraded = excluded.degraded, down = excluded.down,
            latency_sum = excluded.latency_sum, latency_max = excluded.latency_max, p50_ms = excluded.p50_ms,
            p95_ms = excluded.p95_ms, p99_ms = excluded.p99_ms, histogram = excluded.histogram, categories = excluded.categories
        """;

    /// <summary>
    /// Writes a batch in one transaction with three statements prepared once for the batch (the result insert, the
    /// rollup read and the rollup upsert): SQLite parses each once per batch, not once per row; PostgreSQL keeps them
    /// prepared per connection.
    /// </summary>
    public async Task<IReadOnlyList<ProbeResult>> WriteNewAsync(IReadOnlyList<ProbeResult> results, CancellationToken cancellationToken)
    {
        if (results.Count == 0)
        {
            return [];
        }

        await using var connection = await database.OpenForResultsAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var inserted = await Statements.RunAllAsync(connection, transaction, InsertResult, ResultParameters, results.Select(result => new object?[]
        {
            result.Id, result.Probe, result.Component, result.Region, result.Agent, result.StartedAt.ToUnixTimeMilliseconds(),
            result.DurationMs, result.Outcome.ToWire(), result.Category?.ToWire(), (long?)result.HttpStatus, result.ErrorCode, result.Message,
            (long)result.Attempts, result.Transport.ToWire(), Json.Serialize(result.Conditions), result.Phases is null ? null : Json.Serialize(result.Phases),
            result.Excerpt,
            result.Rule,
        }).ToList(), cancellationToken);
        var stored = results.Where((_, i) => inserted[i] > 0).ToList();

        // Rollups are evidence about the platform: a probe's own errors are stored, never counted in them.
        await MergeAsync(connection, transaction,
            stored.Where(r => r.Outcome != Outcome.Error).SelectMany(r => Grains.Select(g => (Grain: g, Result: r)))
                .GroupBy(x => (x.Grain, x.Result.Probe, x.Result.Region, Bucket: BucketOf(x.Result.StartedAt, x.Grain)))
                .Select(group => (group.Key.Grain, group.Key.Bucket, Delta.Of(group.Select(x => x.Result).ToList()))),
            cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return stored;
    }

    /// <summary>
    /// Merges agents' summaries into the minute, hour and day rollups in one transaction, each once: a summary whose id
    /// was merged before is skipped. Returns those merged now.
    /// </summary>
    public async Task<IReadOnlyList<ResultSummary>> MergeSummariesAsync(IReadOnlyList<ResultSummary> summaries, CancellationToken cancellationToken)
    {
        if (summaries.Count == 0)
        {
            return [];
        }

        await using var connection = await database.OpenForResultsAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var merged = new List<ResultSummary>(summaries.Count);
        foreach (var summary in summaries)
        {
            if (await connection.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO merged_summaries (id, minute) VALUES (@id, @minute) ON CONFLICT (id) DO NOTHING",
                    new { id = summary.Id, minute = summary.Minute.ToUnixTimeMilliseconds() }, transaction, cancellationToken: cancellationToken)) > 0)
            {
                merged.Add(summary);
            }
        }

        await MergeAsync(connection, transaction,
            merged.SelectMany(s => Grains.Select(grain => (grain, BucketOf(s.Minute, grain), Delta.Of(s)))), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return merged;
    }

    /// <summary>
    /// Adds each delta to its rollup row: every row read in one go, summed here, every row written in one go (on
    /// PostgreSQL a batch of statements is one round trip; SQLite, in process, runs them one by one, prepared once).
    /// </summary>
    private async Task MergeAsync(DbConnection connection, DbTransaction transaction, IEnumerable<(RollupGrain Grain, DateTimeOffset Bucket, Delta Delta)> deltas, CancellationToken cancellationToken)
    {
        // One delta per row: rows are read before any is written.
        var all = deltas.GroupBy(d => (d.Grain, d.Delta.Probe, d.Delta.Region, d.Bucket))
            .Select(g => (g.Key.Grain, g.Key.Bucket, Delta: g.Select(d => d.Delta).Aggregate((x, y) => x.Plus(y))))
            .ToList();
        if (all.Count == 0)
        {
            return;
        }

        // Several web nodes may merge into the same rollup rows at once (PostgreSQL, read committed): each batch first
        // takes a lock per probe and region for the rest of its transaction, in one order so two batches never deadlock.
        if (database.Provider == StorageProvider.Postgres)
        {
            var pairs = all.Select(d => $"{d.Delta.Probe}\n{d.Delta.Region}").Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
            await connection.ExecuteAsync(new CommandDefinition(
                "SELECT pg_advisory_xact_lock(hashtextextended(pair, 0)) FROM unnest(@pairs) WITH ORDINALITY AS t(pair, n) ORDER BY n",
                new { pairs }, transaction, cancellationToken: cancellationToken));
        }

        var keys = all.Select(d => new object?[] { d.Grain.ToWire(), d.Delta.Probe, d.Delta.Region, d.Bucket.ToUnixTimeMilliseconds() }).ToList();
        var existing = await Statements.ReadAllAsync(connection, transaction, SelectRollup, KeyParameters, keys, reader => new StoredRollup(
            reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetDouble(4),
            LatencyHistogram.Deserialize(reader.GetString(6), reader.GetDouble(5)), Json.Deserialize<Dictionary<string, long>>(reader.GetString(7)) ?? []), cancellationToken);
        await Statements.RunAllAsync(connection, transaction, UpsertRollup, RollupParameters, all.Select((d, i) => Merged(d.Grain, d.Bucket, d.Delta, existing[i])).ToList(), cancellationToken);
    }

    /// <summary>A rollup row as stored, before a delta is added.</summary>
    private sealed record StoredRollup(long Total, long Up, long Degraded, long Down, double LatencySum, LatencyHistogram Histogram, Dictionary<string, long> Categories);

    /// <summary>The upsert's values: the stored row (if any) plus the delta.</summary>
    private static object?[] Merged(RollupGrain grain, DateTimeOffset bucket, Delta delta, StoredRollup? stored)
    {
        var histogram = stored?.Histogram ?? LatencyHistogram.Deserialize(null, 0);
        histogram.Merge(delta.Histogram);
        var categories = stored?.Categories ?? [];
        foreach (var (category, count) in delta.Categories)
        {
            categories[category] = categories.GetValueOrDefault(category) + count;
        }

        return
        [
            grain.ToWire(), delta.Probe, delta.Region, bucket.ToUnixTimeMilliseconds(), delta.Component,
            (stored?.Total ?? 0) + delta.Total, (stored?.Up ?? 0) + delta.Up, (stored?.Degraded ?? 0) + delta.Degraded, (stored?.Down ?? 0) + delta.Down,
            (stored?.LatencySum ?? 0) + delta.LatencySum, histogram.Max, histogram.Percentile(0.50), histogram.Percentile(0.95), histogram.Percentile(0.99),
            histogram.Serialize(), Json.Serialize(categories),
        ];
    }

    private const DbType Text = DbType.String;
    private const DbType Integer = DbType.Int64;
    private const DbType Real = DbType.Double;

    private static readonly (string Name, DbType Type)[] ResultParameters =
    [
        ("@id", Text), ("@probe", Text), ("@component", Text), ("@region", Text), ("@agent", Text), ("@started_at", Integer),
        ("@duration_ms", Real), ("@outcome", Text), ("@category", Text), ("@http_status", Integer), ("@error_code", Text), ("@message", Text),
        ("@attempts", Integer), ("@transport", Text), ("@conditions", Text), ("@phases", Text), ("@excerpt", Text), ("@rule", Text),
    ];

    private static readonly (string Name, DbType Type)[] KeyParameters = [("@grain", Text), ("@probe", Text), ("@region", Text), ("@bucket", Integer)];

    private static readonly (string Name, DbType Type)[] RollupParameters =
    [
        ("@grain", Text), ("@probe", Text), ("@region", Text), ("@bucket", Integer), ("@component", Text), ("@total", Integer), ("@up", Integer),
        ("@degraded", Integer), ("@down", Integer), ("@latency_sum", Real), ("@latency_max", Real), ("@p50", Real), ("@p95", Real), ("@p99", Real),
        ("@histogram", Text), ("@categories", Text),
    ];

    public async Task<IReadOnlyList<ProbeResult>> QueryAsync(ResultQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenForResultsAsync(cancellationToken);
        var rows = await connection.QueryAsync<ResultRow>(new CommandDefinition(
            """
            SELECT id AS Id, probe AS Probe, component AS Component, region AS Region, agent AS Agent, started_at AS StartedAt,
                   duration_ms AS DurationMs, outcome AS Outcome, category AS Category, http_status AS HttpStatus,
                   error_code AS ErrorCode, message AS Message, attempts AS Attempts, transport AS Transport,
                   conditions AS Conditions, phases AS Phases, excerpt AS Excerpt, rule AS Rule
            FROM results
            WHERE (@probe IS NULL OR probe = @probe) AND (@region IS NULL OR region = @region) AND started_at >= @since
            ORDER BY started_at DESC, id DESC
            LIMIT @limit
            """,
            new { probe = query.Probe, region = query.Region, since = query.Since?.ToUnixTimeMilliseconds() ?? 0, limit = query.Limit },
            cancellationToken: cancellationToken));
        return rows.Select(row => row.ToResult()).ToList();
    }

    public async Task<IReadOnlyList<Rollup>> RollupsAsync(RollupQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenForResultsAsync(cancellationToken);
        var rows = await connection.QueryAsync<RollupRow>(new CommandDefinition(
            """
            SELECT grain AS Grain, probe AS Probe, region AS Region, bucket AS Bucket, component AS Component, total AS Total,
                   up AS Up, degraded AS Degraded, down AS Down, latency_sum AS LatencySum, latency_max AS LatencyMax,
                   p50_ms AS P50Ms, p95_ms AS P95Ms, p99_ms AS P99Ms, histogram AS Histogram, categories AS Categories
            FROM rollups
            WHERE grain = @grain AND bucket >= @from AND bucket < @to
              AND (@probe IS NULL OR probe = @probe) AND (@region IS NULL OR region = @region)
            ORDER BY bucket, probe, region
            """,
            new
            {
                grain = query.Grain.ToWire(),
                from = query.From.ToUnixTimeMilliseconds(),
                to = query.To.ToUnixTimeMilliseconds(),
                probe = query.Probe,
                region = query.Region,
            },
            cancellationToken: cancellationToken));
        return rows.Select(row => row.ToRollup()).ToList();
    }

    public async Task<IReadOnlyList<DailyTotal>> DailyTotalsAsync(DateTimeOffset since, DateTimeOffset until, string? component, CancellationToken cancellationToken)
    {
        // Named for SQLite: without statistics it picks the (grain, bucket) index and reads every day row from the table,
        // twice as slow as the covering day index; grouped in that index's order so no sort is needed. PostgreSQL has
        // statistics and chooses for itself; its sums of BIGINT are NUMERIC, hence the casts.
        await using var connection = await database.OpenForResultsAsync(cancellationToken);
        var index = database.Provider == StorageProvider.Sqlite ? "INDEXED BY ix_rollups_day_totals" : "";
        var rows = await connection.QueryAsync<(string Component, long Bucket, long Total, long Good)>(new CommandDefinition(
            $"""
            SELECT component, bucket, CAST(SUM(total) AS BIGINT), CAST(SUM(up + degraded) AS BIGINT)
            FROM rollups {index}
            WHERE grain = 'day' AND bucket >= @from AND bucket < @to AND (@component IS NULL OR component = @component)
            GROUP BY bucket, component
            """,
            new { from = since.ToUnixTimeMilliseconds(), to = until.ToUnixTimeMilliseconds(), component },
            cancellationToken: cancellationToken));
        return rows.Select(row => new DailyTotal(row.Component, DateTimeOffset.FromUnixTimeMilliseconds(row.Bucket), row.Total, row.Good)).ToList();
    }

    public async Task<IReadOnlyList<WatchedDay>> WatchedHoursAsync(DateTimeOffset since, DateTimeOffset until, DayCalendar calendar, CancellationToken cancellationToken)
    {
        // The distinct reporting hours of each component, counted into the calendar's days here: a zone's day is not a
        // fixed span of Unix milliseconds where its clocks change.
        await using var connection = await database.OpenForResultsAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Component, long Hour)>(new CommandDefinition(
            """
            SELECT component, bucket
            FROM rollups
            WHERE grain = 'hour' AND bucket >= @from AND bucket < @to AND total > 0
            GROUP BY component, bucket
            """,
            new { from = since.ToUnixTimeMilliseconds(), to = until.ToUnixTimeMilliseconds() },
            cancellationToken: cancellationToken));
        return rows.GroupBy(row => (row.Component, Date: calendar.DateAt(DateTimeOffset.FromUnixTimeMilliseconds(row.Hour))))
            .Select(day => new WatchedDay(day.Key.Component, calendar.StartOf(day.Key.Date), day.LongCount())).ToList();
    }

    private DateTimeOffset BucketOf(DateTimeOffset time, RollupGrain grain) => grain == RollupGrain.Day ? _days.DayOf(time) : Rollup.BucketOf(time, grain);

    public async Task<int> PruneAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        await using var connection = await database.OpenForResultsAsync(cancellationToken);
        var removed = await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM results WHERE started_at < @before", new { before = (now - settings.RawRetention).ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken));
        removed += await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM rollups WHERE grain = 'minute' AND bucket < @before", new { before = (now - settings.MinuteRetention).ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken));
        removed += await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM merged_summaries WHERE minute < @before", new { before = (now - settings.RawRetention).ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken));
        removed += await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM rollups WHERE grain = 'hour' AND bucket < @before", new { before = (now - settings.HourRetention).ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken));
        return removed;
    }
}
