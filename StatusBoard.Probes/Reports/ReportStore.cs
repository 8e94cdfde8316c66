using Dapper;
using StatusBoard.Probes.Storage;

namespace StatusBoard.Probes.Reports;

/// <summary>User reports in the database, bounded: past <see cref="MaxStored"/> the oldest go first.</summary>
public sealed class ReportStore(Database database)
{
    public const int MaxStored = 100_000;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

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
    }

    /// <summary>Reports of the last 15 minutes against the mean of the same 15 minutes in each of the last four weeks.</summary>
    public async Task<ReportRate> RateAsync(DateTimeOffset now, string? component, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        async Task<int> CountAsync(DateTimeOffset end) => await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT count(*) FROM user_reports WHERE created_at > @from AND created_at <= @to AND (@component IS NULL OR component = @component)",
            new { from = (end - Window).ToUnixTimeMilliseconds(), to = end.ToUnixTimeMilliseconds(), component },
            cancellationToken: cancellationToken));

        var recent = await CountAsync(now);
        var usual = 0.0;
        for (var week = 1; week <= 4; week++)
        {
            usual += await CountAsync(now - TimeSpan.FromDays(7 * week));
        }

        usual /= 4;
        return new ReportRate(recent, usual, ReportRate.LevelOf(recent, usual), Window);
    }
}
