using StatusBoard.Probes.Common;
using StatusBoard.Probes.Definitions;
using StatusBoard.Probes.Maintenance;
using StatusBoard.Probes.Notifications;
using StatusBoard.Probes.Storage;

namespace StatusBoard.Tests.Storage;

/// <summary>
/// What the stores of the configuration (catalog, maintenance, channels) must do on either provider: keep what they
/// are given, keep secrets out of their rows, and write all or nothing of a unit of work spanning them.
/// </summary>
public sealed class ConfigurationStoreContract
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Probes_KeepTheirSecretsEncryptedInTheRow_AndADeletedProbeTakesItsPause(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var database = test.Database;
        var store = new SqlCatalogStore(database, new ReversingProtector());
        var probe = Json.Deserialize<ProbeDocument>("""{ "key": "p1", "name": "P", "component": "payments", "regions": ["sg"], "request": { "url": "https://pay.example/", "headers": { "Authorization": "Bearer s3cret" } }, "conditions": ["[STATUS] == 200"] }""")!;

        await store.SaveProbeAsync(probe, T0, Ct);
        await store.SetPausedAsync("p1", paused: true, "tester", T0, Ct);

        Assert.DoesNotContain("s3cret", await test.ScalarAsync<string>("SELECT document FROM probes WHERE key = 'p1'"), StringComparison.Ordinal);
        Assert.Equal("Bearer s3cret", Assert.Single(await store.LoadProbesAsync(Ct)).Request!.Headers!["Authorization"]);
        Assert.Equal(["p1"], await store.LoadPausedAsync(Ct));
        Assert.True(await store.DeleteProbeAsync("p1", Ct));
        Assert.Empty(await store.LoadProbesAsync(Ct));
        Assert.Empty(await store.LoadPausedAsync(Ct));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Channels_KeepTheirUrlAndSecretEncryptedInTheRow_AndReadBackReadable(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var database = test.Database;
        var store = new ChannelStore(database, new ReversingProtector());
        var channel = new ChannelOptions { Name = "hook", Type = "webhook", Url = "https://hooks.example/T0/s3cret", Secret = "hmac-key" };

        await store.SaveAsync(channel, T0, Ct);

        var row = await test.ScalarAsync<string>("SELECT document FROM notification_channels WHERE name = 'hook'");
        Assert.DoesNotContain("s3cret", row, StringComparison.Ordinal);
        Assert.DoesNotContain("hmac-key", row, StringComparison.Ordinal);
        var read = Assert.Single(await store.LoadAsync(Ct));
        Assert.Equal(("hook", "https://hooks.example/T0/s3cret", "hmac-key"), (read.Name, read.Url, read.Secret));
        Assert.True(await store.DeleteAsync("hook", Ct));
        Assert.False(await store.DeleteAsync("hook", Ct));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task MaintenanceWindows_AreReplacedByTheirId_AndAgeOutByTheirLastEnd(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var database = test.Database;
        var store = new MaintenanceStore(database);
        var old = Window("old", T0.AddDays(-100), T0.AddDays(-99));
        var current = Window("current", T0, T0.AddHours(2));

        await store.SaveAsync(old, Ct);
        await store.SaveAsync(current, Ct);
        await store.SaveAsync(current with { Title = "Ledger upgrade, longer", EndsAt = T0.AddHours(3) }, Ct);

        var kept = await store.LoadAsync(T0.AddDays(-90), Ct);
        Assert.Equal(("current", "Ledger upgrade, longer", T0.AddHours(3)), (Assert.Single(kept).Id, kept[0].Title, kept[0].EndsAt));
        Assert.Equal(2, (await store.LoadAsync(T0.AddDays(-200), Ct)).Count);
        Assert.True(await store.DeleteAsync("old", Ct));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task AUnitOfWork_WritesEveryStoreOrNone(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var database = test.Database;
        var catalog = new SqlCatalogStore(database, new ReversingProtector());
        var channels = new ChannelStore(database, new ReversingProtector());
        var maintenance = new MaintenanceStore(database);
        async Task WriteAllAsync(UnitOfWork work)
        {
            await catalog.SaveComponentAsync(new ComponentDocument { Key = "ledger", Names = new() { ["en"] = "Ledger" } }, T0, Ct, work);
            await maintenance.SaveAsync(Window("w1", T0, T0.AddHours(1)), Ct, work);
            await channels.SaveAsync(new ChannelOptions { Name = "hook", Type = "webhook", Url = "https://hooks.example/x" }, T0, Ct, work);
        }

        await using (var abandoned = await UnitOfWork.BeginAsync(database, Ct))
        {
            await WriteAllAsync(abandoned);
        }

        Assert.Empty(await catalog.LoadComponentsAsync(Ct));
        Assert.Empty(await maintenance.LoadAsync(T0.AddDays(-1), Ct));
        Assert.Empty(await channels.LoadAsync(Ct));

        await using (var work = await UnitOfWork.BeginAsync(database, Ct))
        {
            await WriteAllAsync(work);
            await work.CommitAsync();
        }

        Assert.Equal("ledger", Assert.Single(await catalog.LoadComponentsAsync(Ct)).Key);
        Assert.Single(await maintenance.LoadAsync(T0.AddDays(-1), Ct));
        Assert.Single(await channels.LoadAsync(Ct));
    }

    private static MaintenanceWindow Window(string id, DateTimeOffset starts, DateTimeOffset ends) => new()
    {
        Id = id, Title = "Ledger upgrade", Components = ["payments"], StartsAt = starts, EndsAt = ends, CreatedAt = starts.AddDays(-1),
    };

    /// <summary>Stands for Data Protection: what it stores is not the value, and it reads back.</summary>
    private sealed class ReversingProtector : ISecretProtector
    {
        public string Protect(string value) => new([.. value.Reverse()]);

        public string Unprotect(string value) => new([.. value.Reverse()]);
    }
}
