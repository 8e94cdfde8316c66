using System.Data;
using Dapper;
using Microsoft.Extensions.Options;
using StatusBoard.Probes.Classification;
using StatusBoard.Probes.Common;
using StatusBoard.Probes.Conditions;
using StatusBoard.Probes.Running;

namespace StatusBoard.Probes.Storage;

public sealed class SqliteResultStore(SqliteDatabase database, IOptions<StorageOptions> options) : IResultStore
{
    private static readonly RollupGrain[] Grains = [RollupGrain.Minute, RollupGrain.Hour, RollupGrain.Day];

    public async Task<int> WriteAsync(IReadOnlyList<ProbeResult> results, CancellationToken cancellationToken)
    {
        if (results.Count == 0)
        {
            return 0;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var stored = new List<ProbeResult>(results.Count);
        foreach (var result in results)
        {
            var inserted = await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT OR IGNORE INTO results (id, probe, component, region, agent, started_at, duration_ms, outcome, category,
                    http_status, error_code, message, attempts, transport, conditions, phases, excerpt)
                VALUES (@Id, @Probe, @Component, @Region, @Agent, @StartedAt, @DurationMs, @Outcome, @Category,
                    @HttpStatus, @ErrorCode, @Message, @Attempts, @Transport, @Conditions, @Phases, @Excerpt)
                """,
                ResultRow.From(result), transaction, cancellationToken: cancellationToken));
            if (inserted > 0)
            {
                stored.Add(result);
            }
        }

        foreach (var group in stored.SelectMany(r => Grains.Select(g => (Grain: g, Result: r)))
                     .GroupBy(x => (x.Grain, x.Result.Probe, x.Result.Region, Bucket: Rollup.BucketOf(x.Result.StartedAt, x.Grain))))
        {
            await MergeRollupAsync(connection, transaction, group.Key.Grain, group.Select(x => x.Result).ToList(), group.Key.Bucket, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return stored.Count;
    }

    public async Task<IReadOnlyList<ProbeResult>> QueryAsync(ResultQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
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
        await using var connection = await database.OpenAsync(cancellationToken);
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

    public async Task<int> PruneAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        await using var connection = await database.OpenAsync(cancellationToken);
        var removed = await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM results WHERE started_at < @before", new { before = (now - settings.RawRetention).ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken));
        removed += await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM rollups WHERE grain = 'minute' AND bucket < @before", new { before = (now - settings.MinuteRetention).ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken));
        removed += await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM rollups WHERE grain = 'hour' AND bucket < @before", new { before = (now - settings.HourRetention).ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken));
        return removed;
    }

    private static async Task MergeRollupAsync(IDbConnection connection, IDbTransaction transaction, RollupGrain grain, List<ProbeResult> results, DateTimeOffset bucket, CancellationToken cancellationToken)
    {
        var first = results[0];
        var key = new { grain = grain.ToWire(), probe = first.Probe, region = first.Region, bucket = bucket.ToUnixTimeMilliseconds() };
        var existing = await connection.QuerySingleOrDefaultAsync<RollupRow>(new CommandDefinition(
            """
            SELECT total AS Total, up AS Up, degraded AS Degraded, down AS Down, latency_sum AS LatencySum, latency_max AS LatencyMax,
                   histogram AS Histogram, categories AS Categories
            FROM rollups WHERE grain = @grain AND probe = @probe AND region = @region AND bucket = @bucket
            """,
            key, transaction, cancellationToken: cancellationToken));

        var histogram = LatencyHistogram.Deserialize(existing?.Histogram, existing?.LatencyMax ?? 0);
        var categories = existing is null ? [] : Json.Deserialize<Dictionary<string, long>>(existing.Categories) ?? [];
        foreach (var result in results)
        {
            histogram.Add(result.DurationMs);
            if (result.Category is { } category)
            {
                categories[category.ToWire()] = categories.GetValueOrDefault(category.ToWire()) + 1;
            }
        }

        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO rollups (grain, probe, region, bucket, component, total, up, degraded, down, latency_sum, latency_max,
                                 p50_ms, p95_ms, p99_ms, histogram, categories)
            VALUES (@grain, @probe, @region, @bucket, @component, @total, @up, @degraded, @down, @latencySum, @latencyMax,
                    @p50, @p95, @p99, @histogram, @categories)
            ON CONFLICT (grain, probe, region, bucket) DO UPDATE SET
                total = excluded.total, up = excluded.up, degraded = excluded.degraded, down = excluded.down,
                latency_sum = excluded.latency_sum, latency_max = excluded.latency_max, p50_ms = excluded.p50_ms,
                p95_ms = excluded.p95_ms, p99_ms = excluded.p99_ms, histogram = excluded.histogram, categories = excluded.categories
            """,
            new
            {
                key.grain,
                key.probe,
                key.region,
                key.bucket,
                component = first.Component,
                total = (existing?.Total ?? 0) + results.Count,
                up = (existing?.Up ?? 0) + results.Count(r => r.Outcome == Outcome.Up),
                degraded = (existing?.Degraded ?? 0) + results.Count(r => r.Outcome == Outcome.Degraded),
                down = (existing?.Down ?? 0) + results.Count(r => r.Outcome == Outcome.Down),
                latencySum = (existing?.LatencySum ?? 0) + results.Sum(r => r.DurationMs),
                latencyMax = histogram.Max,
                p50 = histogram.Percentile(0.50),
                p95 = histogram.Percentile(0.95),
                p99 = histogram.Percentile(0.99),
                histogram = histogram.Serialize(),
                categories = Json.Serialize(categories),
            },
            transaction,
            cancellationToken: cancellationToken));
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

        public static ResultRow From(ProbeResult result) => new()
        {
            Id = result.Id,
            Probe = result.Probe,
            Component = result.Component,
            Region = result.Region,
            Agent = result.Agent,
            StartedAt = result.StartedAt.ToUnixTimeMilliseconds(),
            DurationMs = result.DurationMs,
            Outcome = result.Outcome.ToWire(),
            Category = result.Category?.ToWire(),
            HttpStatus = result.HttpStatus,
            ErrorCode = result.ErrorCode,
            Message = result.Message,
            Attempts = result.Attempts,
            Transport = result.Transport.ToWire(),
            Conditions = Json.Serialize(result.Conditions),
            Phases = result.Phases is null ? null : Json.Serialize(result.Phases),
            Excerpt = result.Excerpt,
        };

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
