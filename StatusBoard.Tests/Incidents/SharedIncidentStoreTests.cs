using Microsoft.Extensions.Logging.Abstractions;
using StatusBoard.Probes.Health;
using StatusBoard.Probes.Incidents;
using StatusBoard.Probes.Storage;

namespace StatusBoard.Tests.Incidents;

/// <summary>Two web nodes' incident stores on one PostgreSQL database: one writer at a time, and no stale report cache.</summary>
public sealed class SharedIncidentStoreTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WhileOneNodeHoldsIncidents_TheOtherWaits_AndHoldsOnceReleased()
    {
        var (a, b) = await TwoNodesAsync();

        var held = await a.HoldAsync(Ct);
        using (var shortly = CancellationTokenSource.CreateLinkedTokenSource(Ct))
        {
            shortly.CancelAfter(TimeSpan.FromMilliseconds(500));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await (await b.HoldAsync(shortly.Token)).DisposeAsync());
        }

        await held.DisposeAsync();
        await using var taken = await b.HoldAsync(Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.NotNull(taken);
    }

    [Fact]
    public async Task AnIncidentSavedOnOneNode_IsInTheOthersKeptReportAnswer()
    {
        var (a, b) = await TwoNodesAsync();
        await a.SaveAsync(Incident("first"), Ct);
        Assert.Single(await b.OverlappingAsync(T0.AddDays(-1), T0.AddDays(1), Ct));

        await a.SaveAsync(Incident("second"), Ct);

        Assert.Equal(["first", "second"], (await b.OverlappingAsync(T0.AddDays(-1), T0.AddDays(1), Ct)).Select(i => i.Title).Order());
    }

    private static async Task<(IncidentStore A, IncidentStore B)> TwoNodesAsync()
    {
        var options = Options.Create(new StorageOptions { Provider = StorageProvider.Postgres, ConnectionString = await TestServers.NewPostgresSchemaAsync() });
        var (a, b) = (new PostgresDatabase(options, NullLogger<PostgresDatabase>.Instance), new PostgresDatabase(options, NullLogger<PostgresDatabase>.Instance));
        await a.MigrateAsync(Ct);
        await b.MigrateAsync(Ct);
        return (new IncidentStore(a), new IncidentStore(b));
    }

    private static Incident Incident(string title) => new()
    {
        Id = Guid.NewGuid().ToString("N"),
        Title = title,
        Status = IncidentStatus.Investigating,
        Impact = Impact.Major,
        Scope = Scope.Regional,
        Components = [new AffectedComponent("payments", "Payments", HealthStatus.PartialOutage)],
        StartedAt = T0,
        DetectedAt = T0,
        UpdatedAt = T0,
        Updates = [],
    };
}
