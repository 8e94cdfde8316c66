using Microsoft.AspNetCore.SignalR.Client;

namespace StatusBoard.Tests.Web.Hubs;

/// <summary>/hubs/status with real clients: status changes pushed to all, individual results only to signed-in ones.</summary>
public sealed class StatusHubTests : IAsyncLifetime
{
    private readonly StatusBoardApp _app = new();

    public ValueTask InitializeAsync()
    {
        _app.Client();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task RealFault_PushesStatusChangeToAnyone_ResultsOnlyToKeyHolders()
    {
        var anonymous = new Listener(Connect(key: null));
        var wallboard = new Listener(Connect(StatusBoardApp.AdminKey));
        await anonymous.StartAsync();
        await wallboard.StartAsync();
        await Wait.ForAsync(() => Task.FromResult(wallboard.Results.Count), count => count > 0, "a result to reach the key holder");

        var admin = _app.Client(admin: true);
        (await admin.PostAsJsonAsync("/sandbox/faults", new { region = "*", endpoint = "balance", fault = "outage" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

        await Wait.ForAsync(() => Task.FromResult(anonymous.StatusOf("balance")), status => status == "major_outage", "the anonymous client to hear balance is down", TimeSpan.FromSeconds(15));
        Assert.Equal("major_outage", wallboard.StatusOf("balance"));
        Assert.Equal("platform-wide", anonymous.ScopeOf("balance"));
        Assert.Contains(wallboard.Results, r => r.GetProperty("probe").GetString() == "balance" && r.GetProperty("category").GetString() == "server");
        Assert.Empty(anonymous.Results);

        await anonymous.DisposeAsync();
        await wallboard.DisposeAsync();
    }

    [Fact]
    public async Task AnIncident_IsToldToAnonymousClients_OpenedUpdatedResolved_WithPublicFieldsOnly()
    {
        var anonymous = new Listener(Connect(key: null));
        await anonymous.StartAsync();
        var operatorClient = _app.Client(admin: true);

        using var opened = await operatorClient.PostAsJsonAsync("/api/v1/incidents", new { title = "Top-ups delayed", message = "Looking into it.", impact = "minor", components = new[] { "payments" } }, TestContext.Current.CancellationToken);
        var id = (await opened.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("id").GetString();
        (await operatorClient.PostAsJsonAsync($"/api/v1/incidents/{id}/notes", new { message = "internal: bank B" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        (await operatorClient.PostAsJsonAsync($"/api/v1/incidents/{id}/updates", new { status = "identified", message = "Bank B is slow." }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        (await operatorClient.PostAsJsonAsync($"/api/v1/incidents/{id}/updates", new { status = "resolved", message = "Fixed." }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

        var told = await Wait.ForAsync(() => Task.FromResult(anonymous.Incidents.ToArray()), list => list.Any(m => m.GetProperty("change").GetString() == "resolved"), "the anonymous client to hear it resolved");
        Assert.Equal(["opened", "updated", "resolved"], told.Select(m => m.GetProperty("change").GetString()).Distinct());
        Assert.All(told, m => Assert.Equal(id, m.GetProperty("incident").GetProperty("id").GetString()));
        Assert.DoesNotContain(told, m => m.GetRawText().Contains("bank B", StringComparison.Ordinal) || m.GetRawText().Contains("\"author\":\"", StringComparison.Ordinal));
        Assert.Contains("Bank B is slow.", told[^1].GetRawText(), StringComparison.Ordinal);
        await anonymous.DisposeAsync();
    }

    [Fact]
    public async Task Maintenance_IsToldToAnonymousClients_ScheduledUpdatedStartedCompletedCancelled()
    {
        var anonymous = new Listener(Connect(key: null));
        await anonymous.StartAsync();
        var admin = _app.Client(admin: true);
        var ct = TestContext.Current.CancellationToken;
        var now = TimeProvider.System.GetUtcNow();

        // One window announced for tomorrow, moved, then called off; one under way now, then ended early.
        using var later = await admin.PostAsJsonAsync("/api/v1/maintenance", new { title = "Bank B upgrade", components = new[] { "payments" }, startsAt = now.AddDays(1), endsAt = now.AddDays(1).AddHours(1) }, ct);
        var laterId = (await later.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetString();
        await Wait.ForAsync(() => Task.FromResult(anonymous.Told(laterId)), told => told.Length == 1, "the window announced");
        (await admin.PutAsJsonAsync($"/api/v1/maintenance/{laterId}", new { title = "Bank B upgrade (moved)", components = new[] { "payments" }, startsAt = now.AddDays(2), endsAt = now.AddDays(2).AddHours(1) }, ct)).EnsureSuccessStatusCode();
        await Wait.ForAsync(() => Task.FromResult(anonymous.Told(laterId)), told => told.Length == 2, "the window moved");
        (await admin.DeleteAsync($"/api/v1/maintenance/{laterId}", ct)).EnsureSuccessStatusCode();

        using var running = await admin.PostAsJsonAsync("/api/v1/maintenance", new { title = "Ledger failover", components = new[] { "payments" }, startsAt = now.AddMinutes(-1), endsAt = now.AddHours(1) }, ct);
        var runningId = (await running.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetString();
        await Wait.ForAsync(() => Task.FromResult(anonymous.Told(runningId)), told => told.Length == 2, "the running window announced and started");
        (await admin.PostAsync($"/api/v1/maintenance/{runningId}/end", null, ct)).EnsureSuccessStatusCode();

        var first = await Wait.ForAsync(() => Task.FromResult(anonymous.Told(laterId)), told => told.Length == 3, "the first window's three messages");
        Assert.Equal(["scheduled", "updated", "cancelled"], first.Select(m => m.GetProperty("change").GetString()));
        Assert.Equal("Bank B upgrade (moved)", first[1].GetProperty("maintenance").GetProperty("title").GetString());
        var second = await Wait.ForAsync(() => Task.FromResult(anonymous.Told(runningId)), told => told.Length == 3, "the second window's three messages");
        Assert.Equal(["scheduled", "started", "completed"], second.Select(m => m.GetProperty("change").GetString()));
        Assert.Equal(["in_progress", "in_progress", "completed"], second.Select(m => m.GetProperty("maintenance").GetProperty("status").GetString()));
        await anonymous.DisposeAsync();
    }

    [Fact]
    public async Task WrongKey_IsRefusedAtConnect()
    {
        var connection = Connect("not-a-key-at-all-000");

        await Assert.ThrowsAnyAsync<Exception>(() => connection.StartAsync(TestContext.Current.CancellationToken));
        await connection.DisposeAsync();
    }

    private HubConnection Connect(string? key) => new HubConnectionBuilder()
        .WithUrl(new Uri(_app.ClientOptions.BaseAddress, "/hubs/status"), options =>
        {
            if (key is not null)
            {
                options.AccessTokenProvider = () => Task.FromResult<string?>(key);
            }
        })
        .Build();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private sealed class Listener(HubConnection connection) : IAsyncDisposable
    {
        private volatile JsonElement[] _components = [];

        public ConcurrentQueue<JsonElement> Results { get; } = new();

        public ConcurrentQueue<JsonElement> Incidents { get; } = new();

        public ConcurrentQueue<JsonElement> Maintenance { get; } = new();

        /// <summary>The messages about one window, in the order they came.</summary>
        public JsonElement[] Told(string? id) => [.. Maintenance.Where(m => m.GetProperty("maintenance").GetProperty("id").GetString() == id)];

        public async Task StartAsync()
        {
            connection.On<JsonElement>("components", components => _components = components.EnumerateArray().ToArray());
            connection.On<JsonElement>("result", Results.Enqueue);
            connection.On<JsonElement>("incident", Incidents.Enqueue);
            connection.On<JsonElement>("maintenance", Maintenance.Enqueue);
            await connection.StartAsync(TestContext.Current.CancellationToken);
        }

        public string? StatusOf(string component) => Find(component)?.GetProperty("status").GetString();

        public string? ScopeOf(string component) => Find(component)?.GetProperty("scope").GetString();

        public ValueTask DisposeAsync() => connection.DisposeAsync();

        private JsonElement? Find(string component) =>
            _components.Where(c => c.GetProperty("key").GetString() == component).Cast<JsonElement?>().FirstOrDefault();
    }
}
