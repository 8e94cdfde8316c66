using Dapper;
using StatusBoard.Probes.Storage;

namespace StatusBoard.Probes.Reports;

/// <summary>User reports in the database, bounded: past <see cref="MaxStored"/> the oldest go first.</summary>
public sealed class ReportStore(Database database)
{
    public const int MaxStored = 100_000;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    /// <summary>Raised once a report is stored on this node (pages that list reports read again).</summary>
    private readonly Subscribers<UserReport> _added = new();

    /// <summary>Tells <paramref name="listener"/> of each report this node stores, until the subscription is disposed.</summary>
    public IDisposable SubscribeAdded(Action<UserReport> listener) => _added.Subscribe(listener);

    public async Task AddAsync(UserReport report, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO user_reports (id, component, symptom, region, app_version, text, client_hash, created_at)
            VALUES (@Id, @Component, @Symptom, @Region, @AppVersion, @Text, @ClientHash, @CreatedAt)
            """,
            new { report.Id, report.Component, report.Symptom, report.Region, report.AppVersion, report.Text, report.ClientHash, CreatedAt = report.CreatedAt.ToUnixTimeMilliseconds() },
            transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM user_reports WHERE id IN (SELECT id FROM user_reports ORDER BY created_at DESC LIMIT @all OFFSET @max)",
            new { all = int.MaxValue, max = MaxStored }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        _added.Publish(report);
    }

    /// <summary>Each component's rate at <paramref name="now"/>, in the order given.</summary>
    public async Task<IReadOnlyList<(string Component, ReportRate Rate)>> RatesAsync(IEnumerable<string> components, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var rates = new List<(string, ReportRate)>();
        foreach (var component in components)
        {
            rates.Add((component, await RateAsync(now, component, cancellationToken)));
        }

        return rates;
    }

    /// <summary>The newest reports, newest first.</summary>
    public async Task<IReadOnlyList<UserReport>> RecentAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<StoredReport>(new CommandDefinition(
            """
            SELECT id AS Id, component AS Component, symptom AS Symptom, region AS Region, app_version AS AppVersion, text AS Text,
                   client_hash AS ClientHash, created_at AS CreatedAt
            FROM user_reports ORDER BY created_at DESC, id DESC LIMIT @limit
            """,
            new { limit = Math.Clamp(limit, 1, 1000) }, cancellationToken: cancellationToken));
        return rows.Select(row => new UserReport(row.Id, row.Component, row.Symptom, row.Region, row.AppVersion, row.Text, row.ClientHash,
            DateTimeOffset.FromUnixTimeMilliseconds(row.CreatedAt))).ToList();
    }

    private sealed class StoredReport
    {
        public required string Id { get; init; }

        public required string Component { get; init; }

        public required string Symptom { get; init; }

        public string? Region { get; init; }

        public string? AppVersion { get; init; }

        public string? Text { get; init; }

        public required string ClientHash { get; init; }

        public long CreatedAt { get; init; }
    }

    /// <summary>
    /// Reports of the last 15 minutes against the mean of the same 15 minutes in each of the last four weeks, counted in
    /// distinct client networks (the stored client hash is of the network): a flood from one network counts once.
    /// </summary>
    public async Task<ReportRate> RateAsync(DateTimeOffset now, string? component, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        async Task<(long Reports, long Networks)> CountAsync(DateTimeOffset end) => await connection.QuerySingleAsync<(long, long)>(new CommandDefinition(
            """
            SELECT count(*), count(DISTINCT client_hash) FROM user_reports
            WHERE created_at > @from AND created_at <= @to AND (@component IS NULL OR component = @component)
            """,
            new { from = (end - Window).ToUnixTimeMilliseconds(), to = end.ToUnixTimeMilliseconds(), component },
            cancellationToken: cancellationToken));

        var (recent, networks) = await CountAsync(now);
        var usual = 0.0;
        for (var week = 1; week <= 4; week++)
        {
            usual += (await CountAsync(now - TimeSpan.FromDays(7 * week))).Networks;
        }

        usual /= 4;
        return new ReportRate((int)recent, usual, ReportRate.LevelOf((int)networks, usual), Window) { Networks = (int)networks };
    }
}
