using System.Xml.Linq;
using Microsoft.Extensions.Time.Testing;
using StatusBoard.Probes.Notifications;
using StatusBoard.Probes.Storage;
using StatusBoard.Web.Accounts;
using StatusBoard.Web.Agents;
using StatusBoard.Web.Api;
using StatusBoard.Web.Security;
using StatusBoard.Web.Subscribers;

namespace StatusBoard.Tests.Storage;

/// <summary>
/// What the web features' stores (users and sessions, API keys, agent keys, subscribers, the key ring) must do on
/// either provider, on the tables their own modules make: keep what they are given, find it the way sign-in and the
/// agents find it, and forget what they say they forget.
/// </summary>
public sealed class WebStoreContract
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Users_AreOnePerAddressWhateverItsCase_LockAtTheLimit_AndSessionsEndForGood(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var store = new UserStore(test.Database);
        var user = new User { Id = "u1", Email = "Oncall@Example.com", Name = "On call", Role = "operator", PasswordHash = "hash-1", Stamp = UserStore.NewStamp(), CreatedAt = T0 };

        Assert.True(await store.CreateAsync(user, Ct));
        Assert.False(await store.CreateAsync(user with { Id = "u2", Email = "oncall@example.COM" }, Ct));
        Assert.Equal("u1", (await store.FindByEmailAsync("ONCALL@example.com", Ct))!.Id);
        Assert.Equal((1L, (DateTimeOffset?)null), await store.ClaimAttemptAsync("u1", 2, TimeSpan.FromMinutes(15), T0, Ct));
        Assert.Equal((2L, (DateTimeOffset?)T0.AddMinutes(15)), await store.ClaimAttemptAsync("u1", 2, TimeSpan.FromMinutes(15), T0, Ct));
        Assert.Null(await store.ClaimAttemptAsync("u1", 2, TimeSpan.FromMinutes(15), T0.AddMinutes(1), Ct));
        Assert.True(await store.UpdateAsync("u1", "admin", disabled: false, "hash-2", Ct));
        var updated = (await store.FindByIdAsync("u1", Ct))!;
        Assert.Equal(("admin", "hash-2", 0L, (DateTimeOffset?)null), (updated.Role, updated.PasswordHash, updated.FailedCount, updated.LockedUntil));
        Assert.NotEqual(user.Stamp, updated.Stamp);

        var session = await store.StartSessionAsync("u1", T0, TimeSpan.FromDays(30), Ct);
        Assert.Equal("u1", (await store.FindBySessionAsync("u1", session, Ct))!.Id);
        Assert.Null(await store.FindBySessionAsync("u2", session, Ct));
        await store.EndSessionAsync(session, T0.AddHours(1), Ct);
        Assert.Null(await store.FindBySessionAsync("u1", session, Ct));
        Assert.Equal(1, await store.CountAsync(Ct));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ApiKeys_AreKeptHashed_FoundByTheClearKey_AndRevokedOnce(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var keys = new ApiKeys(test.Database, new FakeTimeProvider(T0));

        var (info, key) = await keys.CreateAsync("deploy bot", "operator", Ct);
        await keys.EnsureAsync("bootstrap", "bootstrap-key-0123456789", "admin", Ct);

        Assert.Equal(0, await test.ScalarAsync<long>("SELECT COUNT(*) FROM api_keys WHERE hash = @key", new { key }));
        Assert.Equal(("deploy bot", "operator"), await keys.FindAsync(key, Ct));
        Assert.Equal(("bootstrap", "admin"), await keys.FindAsync("bootstrap-key-0123456789", Ct));
        Assert.True(await keys.RevokeAsync(info.Id, Ct));
        Assert.False(await keys.RevokeAsync(info.Id, Ct));
        Assert.Null(await keys.FindAsync(key, Ct));
        Assert.Equal(T0, (await keys.ListAsync(Ct)).Single(k => k.Id == info.Id).RevokedAt);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task AgentKeys_RememberEachBatchOnce_AndHearTheirRegionsLiveAgents(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var time = new FakeTimeProvider(T0);
        var keys = new AgentKeys(test.Database, time);
        var (sg, _) = await keys.CreateAsync("sg agent", "sg", Ct);
        var (revoked, _) = await keys.CreateAsync("old sg agent", "sg", Ct);

        await keys.RecordAsync(sg.Id, "batch-1", 40, Ct);
        await keys.RecordAsync(sg.Id, "batch-1", 0, Ct);
        Assert.Equal(40, await keys.DeliveredAsync(sg.Id, "batch-1", Ct));
        Assert.Null(await keys.DeliveredAsync(sg.Id, "batch-2", Ct));

        await keys.HeartbeatAsync(revoked, "b", T0, Ct);
        Assert.True(await keys.RevokeAsync(revoked.Id, Ct));
        time.Advance(TimeSpan.FromSeconds(10));
        var live = await keys.HeartbeatAsync(sg, "a", T0, Ct, clockSkew: TimeSpan.FromMilliseconds(250));

        Assert.Equal([$"{sg.Id}:a"], live);
        Assert.Equal(["a"], (await keys.InstancesAsync(T0, Ct)).Select(i => i.Instance));
        Assert.Equal(T0.AddSeconds(10), (await keys.LastHeardByRegionAsync(T0, Ct))["sg"]);
        Assert.Empty(await keys.LastHeardByRegionAsync(T0.AddMinutes(1), Ct));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Subscribers_AreOnePerAddress_CountedWhenConfirmed_AndRemovedWithWhatIsQueuedForThem(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var store = new SubscriberStore(test.Database);
        var outbox = new Outbox(test.Database);
        var mail = new Subscriber("s1", Subscriber.Email, "user@example.com", ["payments"], "zh", "token-1", T0) { ConfirmationSentAt = T0 };
        var hook = new Subscriber("s2", Subscriber.Webhook, "https://hooks.example/status", [], "en", "token-2", T0) { ConfirmedAt = T0 };
        var stale = new Subscriber("s3", Subscriber.Email, "gone@example.com", [], "en", "token-3", T0.AddDays(-3)) { ConfirmationSentAt = T0.AddDays(-3) };

        foreach (var subscriber in new[] { mail, hook, stale })
        {
            await store.SaveAsync(subscriber, Ct);
        }

        await store.SaveAsync(mail with { ConfirmedAt = T0.AddMinutes(5) }, Ct);
        Assert.Equal(["s1", "s2"], (await store.ConfirmedAsync(Ct)).Select(s => s.Id).Order(StringComparer.Ordinal));
        var counts = await store.CountAsync(Ct);
        Assert.Equal((1L, 1L, 1L, 1L, 1L), (counts.Email, counts.Pending, counts.Webhook, counts.ByComponent["payments"], counts.AllComponents));
        Assert.Equal(1, await store.ForgetUnconfirmedAsync(T0.AddDays(-1), Ct));
        Assert.Equal(["payments"], (await store.FindByAddressAsync(Subscriber.Email, "user@example.com", Ct))!.Components);

        await outbox.EnqueueEachAsync("e1", NotificationEvent.IncidentOpened, T0, [(mail.Channel, "{}"), (hook.Channel, "{}")], Ct);
        Assert.True(await store.RemoveAsync("s1", Ct));
        Assert.Null(await store.FindAsync("s1", Ct));
        Assert.Equal([hook.Channel], (await outbox.DueAsync(T0, 10, Ct)).Select(item => item.Channel));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task TheKeyRing_OnlyEverAddsKeys_AndReadsThemInTheOrderTheyCame(StorageProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var time = new FakeTimeProvider(T0);
        var ring = new DatabaseXmlRepository(test.Database, time);

        ring.StoreElement(new XElement("key", new XAttribute("id", "k1")), "key-k1");
        time.Advance(TimeSpan.FromDays(1));
        ring.StoreElement(new XElement("key", new XAttribute("id", "k2")), "key-k2");
        ring.StoreElement(new XElement("key", new XAttribute("id", "k1-again")), "key-k1");

        Assert.Equal(["k1", "k2"], ring.GetAllElements().Select(e => e.Attribute("id")!.Value));
    }
}
