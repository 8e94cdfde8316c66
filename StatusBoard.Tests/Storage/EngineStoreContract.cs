using StatusBoard.Probes.Cluster;
using StatusBoard.Probes.Health;
using StatusBoard.Probes.Incidents;
using StatusBoard.Probes.Notifications;
using StatusBoard.Probes.Reports;
using StatusBoard.Probes.Storage;

namespace StatusBoard.Tests.Storage;

/// <summary>
/// What the engine's other stores (incidents, the notification outbox, user reports, leases) must do on either
/// provider: keep what they are given, answer their queries in their order, and count what they say they count.
/// </summary>
public sealed class EngineStoreContract
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Incidents_AreReplacedByTheirId_OpenOnesListed_OverlapsFound_AndEverySaveCounted(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        using var store = new IncidentStore(test.Database);
        var resolved = Incident("old", T0.AddDays(-3)) with { Status = IncidentStatus.Resolved, ResolvedAt = T0.AddDays(-3).AddHours(1) };
        var open = Incident("now", T0);

        await store.SaveAsync(resolved, Ct);
        await store.SaveAsync(open, Ct);
        await store.SaveAsync(open with { Status = IncidentStatus.Identified, Summary = "Card payments fail at one bank" }, Ct);

        Assert.Equal(3, await store.GenerationAsync(Ct));
        Assert.Equal(2, await store.CountAsync(Ct));
        var found = Assert.Single(await store.OpenAsync(Ct));
        Assert.Equal(("now", IncidentStatus.Identified, "Card payments fail at one bank"), (found.Id, found.Status, found.Summary));
        Assert.Equal(["now", "old"], (await store.RecentAsync(10, 0, Ct)).Select(i => i.Id));
        Assert.Equal(["old"], (await store.RecentAsync(10, 1, Ct)).Select(i => i.Id));
        Assert.Equal(["old"], (await store.OverlappingAsync(T0.AddDays(-4), T0.AddDays(-1), Ct)).Select(i => i.Id));
        Assert.Equal(["old", "now"], (await store.OverlappingAsync(T0.AddDays(-4), T0.AddHours(1), Ct)).Select(i => i.Id));
        Assert.Null(await store.FindAsync("missing", Ct));
        Assert.Equal(T0, (await store.FindAsync("now", Ct))!.StartedAt);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task TheOutbox_QueuesEachEventOncePerChannel_HandsOutWhatIsDue_AndCountsSubscriberDeliveries(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var outbox = new Outbox(test.Database);
        var opened = new NotificationEvent("e1", NotificationEvent.IncidentOpened, T0, "Card payments failing", "investigating", "https://status.example/incidents/1", new { });

        await outbox.EnqueueAsync(opened, ["oncall", "chat"], Ct);
        await outbox.EnqueueAsync(opened, ["oncall"], Ct);
        await outbox.EnqueueEachAsync("e1", NotificationEvent.IncidentOpened, T0, [("subscriber:s1", "{}"), ("subscriber:s2", "{}")], Ct);

        var due = await outbox.DueAsync(T0, 10, Ct);
        Assert.Equal(["e1:chat", "e1:oncall", "e1:subscriber:s1", "e1:subscriber:s2"], due.Select(item => item.Id).Order(StringComparer.Ordinal));
        await outbox.DeliveredAsync("e1:oncall", T0, Ct);
        await outbox.FailedAsync("e1:chat", "503 from the chat", T0.AddMinutes(1), Ct);
        await outbox.DeliveredAsync("e1:subscriber:s1", T0, Ct);
        await outbox.FailedAsync("e1:subscriber:s2", "mail server refused", T0.AddMinutes(5), Ct);

        Assert.Empty(await outbox.DueAsync(T0.AddSeconds(30), 10, Ct));
        Assert.Equal(["e1:chat"], (await outbox.DueAsync(T0.AddMinutes(2), 10, Ct)).Select(item => item.Id));
        Assert.Equal((1L, 1L, 1L), await outbox.SubscriberDeliveriesAsync(Ct));
        var channels = await outbox.RecentAsync(10, Ct);
        Assert.Equal(["chat", "oncall"], channels.Select(d => d.Channel));
        Assert.Equal(("Card payments failing", 1L, "503 from the chat"), (channels[0].Title, channels[0].Attempts, channels[0].LastError));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task UserReports_AreCountedByNetworkInTheirWindow_AgainstTheSameWindowOfPastWeeks(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var store = new ReportStore(test.Database);
        await store.AddAsync(Report("r1", "payments", "net-a", T0.AddMinutes(-5)), Ct);
        await store.AddAsync(Report("r2", "payments", "net-a", T0.AddMinutes(-4)), Ct);
        await store.AddAsync(Report("r3", "payments", "net-b", T0.AddMinutes(-3)), Ct);
        await store.AddAsync(Report("r4", "top-up", "net-c", T0.AddMinutes(-2)), Ct);
        await store.AddAsync(Report("r5", "payments", "net-d", T0.AddDays(-7).AddMinutes(-1)), Ct);
        await store.AddAsync(Report("r6", "payments", "net-e", T0.AddMinutes(-20)), Ct);

        var payments = await store.RateAsync(T0, "payments", Ct);
        Assert.Equal((3, 2, 0.25), (payments.Recent, payments.Networks, payments.Usual));
        Assert.Equal(4, (await store.RateAsync(T0, null, Ct)).Recent);
        Assert.Equal(["r4", "r3"], (await store.RecentAsync(2, Ct)).Select(r => r.Id));
        Assert.Equal("net-a", (await store.RecentAsync(10, Ct)).Single(r => r.Id == "r1").ClientHash);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ALease_IsOneHoldersUntilItRunsOutOrIsHandedBack(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var leases = new LeaseStore(test.Database);

        Assert.True(await leases.TryHoldAsync("scheduler", "node-a", T0.AddSeconds(15), T0, Ct));
        Assert.False(await leases.TryHoldAsync("scheduler", "node-b", T0.AddSeconds(20), T0.AddSeconds(5), Ct));
        Assert.True(await leases.TryHoldAsync("scheduler", "node-a", T0.AddSeconds(30), T0.AddSeconds(10), Ct));
        Assert.False(await leases.TryHoldAsync("scheduler", "node-b", T0.AddSeconds(45), T0.AddSeconds(20), Ct));
        Assert.True(await leases.TryHoldAsync("scheduler", "node-b", T0.AddSeconds(60), T0.AddSeconds(31), Ct));

        await leases.ReleaseAsync("scheduler", "node-a", Ct);
        Assert.False(await leases.TryHoldAsync("scheduler", "node-a", T0.AddSeconds(70), T0.AddSeconds(40), Ct));
        await leases.ReleaseAsync("scheduler", "node-b", Ct);
        Assert.True(await leases.TryHoldAsync("scheduler", "node-a", T0.AddSeconds(70), T0.AddSeconds(40), Ct));
    }

    private static Incident Incident(string id, DateTimeOffset startedAt) => new()
    {
        Id = id, Title = "Card payments failing", Status = IncidentStatus.Investigating, Impact = Impact.Major, Scope = Scope.PlatformWide,
        Components = [new AffectedComponent("payments", "Payments", HealthStatus.MajorOutage)],
        StartedAt = startedAt, DetectedAt = startedAt, UpdatedAt = startedAt,
    };

    private static UserReport Report(string id, string component, string network, DateTimeOffset at) =>
        new(id, component, "payment-failed", "sg", "5.2.0", null, network, at);
}
