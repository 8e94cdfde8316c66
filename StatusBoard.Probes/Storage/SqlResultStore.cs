using System.Data.Common;
using Dapper;
using Microsoft.Extensions.Options;
using StatusBoard.Probes.Classification;
using StatusBoard.Probes.Common;
using StatusBoard.Probes.Conditions;
using StatusBoard.Probes.Running;

namespace StatusBoard.Probes.Storage;

/// <summary>Results and rollups in SQLite or PostgreSQL: the same statements on both.</summary>
public sealed class SqlResultStore(Database database, IOptions<StorageOptions> options) : IResultStore
{
    private static readonly RollupGrain[] Grains = [RollupGrain.Minute, RollupGrain.Hour, RollupGrain.Day];

    private const string InsertResult =
        """
        INSERT INTO results (id, probe, component, region, agent, started_at, duration_ms, outcome, category,
            http_status, error_code, message, attempts, transport, conditions, phases, excerpt)
        VALUES (@id, @probe, @component, @region, @agent, @started_at, @duration_ms, @outcome, @category,
            @http_status, @error_code, @message, @attempts, @transport, @conditions, @phases, @excerpt)
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
        await using var insert = Prepare(connection, transaction, InsertResult,
            "@id", "@probe", "@component", "@region", "@agent", "@started_at", "@duration_ms", "@outcome", "@category",
            "@http_status", "@error_code", "@message", "@attempts", "@transport", "@conditions", "@phases", "@excerpt");
        var stored = new List<ProbeResult>(results.Count);
        foreach (var result in results)
        {
            Bind(insert, result.Id, result.Probe, result.Component, result.Region, result.Agent, result.StartedAt.ToUnixTimeMilliseconds(),
                result.DurationMs, result.Outcome.ToWire(), result.Category?.ToWire(), result.HttpStatus, result.ErrorCode, result.Message,
                result.Attempts, result.Transport.ToWire(), Json.Serialize(result.Conditions), result.Phases is null ? null : Json.Serialize(result.Phases),
                result.Excerpt);
            if (await insert.ExecuteNonQueryAsync(cancellationToken) > 0)
            {
                stored.Add(result);
            }
        }

        await MergeAsync(connection, transaction,
            stored.SelectMany(r => Grains.Select(g => (Grain: g, Result: r)))
                .GroupBy(x => (x.Grain, x.Result.Probe, x.Result.Region, Bucket: Rollup.BucketOf(x.Result.StartedAt, x.Grain)))
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
            merged.SelectMany(s => Grains.Select(grain => (grain, Rollup.BucketOf(s.Minute, grain), Delta.Of(s)))), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return merged;
    }

    /// <summary>Adds each delta to its rollup row, reading and writing through two statements prepared once.</summary>
    private async Task MergeAsync(DbConnection connection, DbTransaction transaction, IEnumerable<(RollupGrain Grain, DateTimeOffset Bucket, Delta Delta)> deltas, CancellationToken cancellationToken)
    {
        var all = deltas.ToList();

        // Several web nodes may merge into the same rollup rows at once (PostgreSQL, read committed): each batch first
        // takes a lock per probe and region for the rest of its transaction, in one order so two batches never deadlock.
        if (database.Provider == StorageProvider.Postgres)
        {
            foreach (var pair in all.Select(d => $"{d.Delta.Probe}\n{d.Delta.Region}").Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(hashtextextended(@pair, 0))", new { pair }, transaction, cancellationToken: cancellationToken));
            }
        }

        await using var select = Prepare(connection, transaction, SelectRollup, "@grain", "@probe", "@region", "@bucket");
        await using var upsert = Prepare(connection, transaction, UpsertRollup,
            "@grain", "@probe", "@region", "@bucket", "@component", "@total", "@up", "@degraded", "@down", "@latency_sum", "@latency_max",
            "@p50", "@p95", "@p99", "@histogram", "@categories");
        foreach (var (grain, bucket, delta) in all)
        {
            await MergeRollupAsync(select, upsert, grain, delta, bucket, cancellationToken);
        }
    }

    private DbCommand Prepare(DbConnection connection, DbTransaction transaction, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            command.Parameters.Add(parameter);
        }

        // PostgreSQL needs the parameters' types to prepare, known only once bound: its data source prepares them itself.
        if (database.Provider == StorageProvider.Sqlite)
        {
            command.Prepare();
        }

        return command;
    }

    private static void Bind(DbCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }
    }

    public async Task<IReadOnlyList<ProbeResult>> QueryAsync(ResultQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenForResultsAsync(cancellationToken);
        var rows = await connection.QueryAsync<ResultRow>(new CommandDefinition(
            """
            SELECT id AS Id, probe AS Probe, component AS Component, region AS Region, agent AS Agent, started_at AS StartedAt,
                   duration_ms AS DurationMs, outcome AS Outcome, category AS Category, http_status AS HttpStatus,
                   error_code AS ErrorCode, message AS Message, attempts AS Attempts, transport AS Transport,
                   conditions AS Conditions, phases AS Phases, excerpt AS Excerpt
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

    private static async Task MergeRollupAsync(DbCommand select, DbCommand upsert, RollupGrain grain, Delta delta, DateTimeOffset bucket, CancellationToken cancellationToken)
    {
        var (grainName, bucketMs) = (grain.ToWire(), bucket.ToUnixTimeMilliseconds());
        Bind(select, grainName, delta.Probe, delta.Region, bucketMs);
        long total = 0, up = 0, degraded = 0, down = 0;
        double latencySum = 0;
        LatencyHistogram histogram;
        Dictionary<string, long> categories;
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                (total, up, degraded, down, latencySum) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetDouble(4));
                histogram = LatencyHistogram.Deserialize(reader.GetString(6), reader.GetDouble(5));
                categories = Json.Deserialize<Dictionary<string, long>>(reader.GetString(7)) ?? [];
            }
            else
            {
                histogram = LatencyHistogram.Deserialize(null, 0);
                categories = [];
            }
        }

        histogram.Merge(delta.Histogram);
        foreach (var (category, count) in delta.Categories)
        {
            categories[category] = categories.GetValueOrDefault(category) + count;
        }

        Bind(upsert, grainName, delta.Probe, delta.Region, bucketMs, delta.Component,
            total + delta.Total, up + delta.Up, degraded + delta.Degraded, down + delta.Down, latencySum + delta.LatencySum,
            histogram.Max, histogram.Percentile(0.50), histogram.Percentile(0.95), histogram.Percentile(0.99),
            histogram.Serialize(), Json.Serialize(categories));
        await upsert.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>What one merge adds to a rollup row: from raw results, or from an agent's summary.</summary>
    private sealed record Delta(string Probe, string Region, string Component, long Total, long Up, long Degraded, long Down, double LatencySum,
        LatencyHistogram Histogram, IReadOnlyDictionary<string, long> Categories)
    {
        public static Delta Of(IReadOnlyList<ProbeResult> results)
        {
            var (first, counts) = (results[0], RunCounts.Of(results));
            return new(first.Probe, first.Region, first.Component, results.Count, counts.Up, counts.Degraded, counts.Down, counts.LatencySum, counts.Histogram, counts.Categories);
        }

        public static Delta Of(ResultSummary summary) => new(summary.Probe, summary.Region, summary.Component, summary.Total, summary.Up, summary.Degraded,
            summary.Down, summary.LatencySum, LatencyHistogram.Deserialize(summary.Histogram, summary.LatencyMax), summary.Categories);
    }

    private sealed class ResultRow
    {
        public string Id { get; init; } = "";
        public string Probe { get; init; } = "";
        public string Component { get; init; } = "";
        public string Region { get; init; } = "";
        public string Agent { get; init; } = "";
        public long StartedAt { get; init; }
        public double DurationMs { get; init; }
        public string Outcome { get; init; } = "";
        public string? Category { get; init; }
        public long? HttpStatus { get; init; }
        public string? ErrorCode { get; init; }
        public string Message { get; init; } = "";
        public long Attempts { get; init; }
        public string Transport { get; init; } = "";
        public string Conditions { get; init; } = "[]";
        public string? Phases { get; init; }
        public string? Excerpt { get; init; }

        public ProbeResult ToResult() => new()
        {
            Id = Id,
            Probe = Probe,
            Component = Component,
            Region = Region,
            Agent = Agent,
            StartedAt = DateTimeOffset.FromUnixTimeMilliseconds(StartedAt),
            DurationMs = DurationMs,
            Outcome = WireNames.Parse<Outcome>(Outcome),
            Category = Category is null ? null : WireNames.Parse<FailureCategory>(Category),
            HttpStatus = (int?)HttpStatus,
            ErrorCode = ErrorCode,
            Message = Message,
            Attempts = (int)Attempts,
            Transport = WireNames.Parse<TransportFailure>(Transport),
            Conditions = Json.Deserialize<List<ConditionResult>>(Conditions) ?? [],
            Phases = Phases is null ? null : Json.Deserialize<TimingPhases>(Phases),
            Excerpt = Excerpt,
        };
    }

    private sealed class RollupRow
    {
        public string Grain { get; init; } = "";
        public string Probe { get; init; } = "";
        public string Region { get; init; } = "";
        public long Bucket { get; init; }
        public string Component { get; init; } = "";
        public long Total { get; init; }
        public long Up { get; init; }
        public long Degraded { get; init; }
        public long Down { get; init; }
        public double LatencySum { get; init; }
        public double LatencyMax { get; init; }
        public double P50Ms { get; init; }
        public double P95Ms { get; init; }
        public double P99Ms { get; init; }
        public string Histogram { get; init; } = "";
        public string Categories { get; init; } = "{}";

        public Rollup ToRollup() => new()
        {
            Grain = WireNames.Parse<RollupGrain>(Grain),
            Probe = Probe,
            Region = Region,
            Component = Component,
            Bucket = DateTimeOffset.FromUnixTimeMilliseconds(Bucket),
            Total = Total,
            Up = Up,
            Degraded = Degraded,
            Down = Down,
            LatencySum = LatencySum,
            LatencyMax = LatencyMax,
            P50Ms = P50Ms,
            P95Ms = P95Ms,
            P99Ms = P99Ms,
            Histogram = Histogram,
            Categories = Json.Deserialize<Dictionary<string, long>>(Categories) ?? [],
        };
    }
}
