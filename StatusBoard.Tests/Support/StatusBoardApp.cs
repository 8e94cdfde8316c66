using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using StatusBoard.Probes.Common;

namespace StatusBoard.Tests.Support;

/// <summary>
/// StatusBoard on a real loopback port, with its own database. By default it runs fast probes against its sandbox
/// (1 s intervals in three regions); <see cref="WithDefaults"/> keeps the shipped appsettings.json instead.
/// </summary>
public sealed class StatusBoardApp : WebApplicationFactory<Program>
{
    public const string AdminKey = "test-admin-key-0123456789";
    public const string AdminEmail = "oncall-admin@example.com";
    public const string AdminPassword = "correct horse battery";

    private readonly string _directory = Directory.CreateTempSubdirectory("statusboard-app-").FullName;
    private readonly bool _defaults;
    private readonly string? _postgres;
    private Dictionary<string, string?> _extra = [];

    private Dictionary<string, string?> Extra
    {
        init => _extra = value;
    }

    public StatusBoardApp() : this(defaults: false)
    {
    }

    /// <summary>The fast configuration with some settings added or changed.</summary>
    public StatusBoardApp(IDictionary<string, string?> settings) : this(defaults: false)
    {
        _extra = new Dictionary<string, string?>(settings);
    }

    private StatusBoardApp(bool defaults, string? directory = null, string? postgres = null)
    {
        _defaults = defaults;
        _directory = directory ?? _directory;
        _postgres = postgres ?? (directory is null && TestServers.AllOnPostgres ? TestServers.NewPostgresSchemaAsync().GetAwaiter().GetResult() : null);
        UseKestrel(0);
    }

    public static StatusBoardApp WithDefaults() => new(defaults: true);

    /// <summary>The fast configuration on the SQLite file <c>statusboard.db</c> in <paramref name="directory"/> (a restored copy, an old release's file).</summary>
    public static StatusBoardApp OnSqliteIn(string directory, IDictionary<string, string?>? settings = null) =>
        new(defaults: false, directory: directory) { Extra = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>()) };

    /// <summary>Services replaced after the app's own registrations (a resolver that answers what a test needs).</summary>
    public Action<IServiceCollection>? TestServices { get; init; }

    /// <summary>The fast configuration on PostgreSQL, in a schema of its own.</summary>
    public static async Task<StatusBoardApp> OnPostgresAsync(IDictionary<string, string?>? settings = null) =>
        new(defaults: false, postgres: await TestServers.NewPostgresSchemaAsync()) { Extra = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>()) };

    /// <summary>The fast configuration on a PostgreSQL database of the test's own (<see cref="OwnServer"/>).</summary>
    public static StatusBoardApp OnPostgres(string connectionString, IDictionary<string, string?>? settings = null) =>
        new(defaults: false, postgres: connectionString) { Extra = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>()) };

    /// <summary>A second app on the same database, as after a restart.</summary>
    public StatusBoardApp Restarted() => new(_defaults, _directory, _postgres) { Extra = _extra, TestServices = TestServices };

    /// <summary>A second app on the same database with some settings changed, as after a restart with a new configuration.</summary>
    public StatusBoardApp Restarted(IDictionary<string, string?> changed) =>
        new(_defaults, _directory, _postgres) { Extra = new Dictionary<string, string?>(_extra.Concat(changed).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value)) };

    public string DatabasePath => Path.Combine(_directory, "statusboard.db");

    /// <summary>The PostgreSQL connection string (with the app's own schema), or null on SQLite.</summary>
    public string? PostgresConnectionString => _postgres;

    /// <summary>A connection straight to the app's database, as another process would open it.</summary>
    public async Task<System.Data.Common.DbConnection> OpenDatabaseAsync()
    {
        System.Data.Common.DbConnection connection = _postgres is null
            ? new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={DatabasePath};Pooling=false")
            : new Npgsql.NpgsqlConnection(_postgres);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        return connection;
    }

    /// <summary>One value read straight from the app's database, as another process would read it.</summary>
    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = await OpenDatabaseAsync();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        var value = await command.ExecuteScalarAsync(TestContext.Current.CancellationToken);
        // PostgreSQL answers COUNT(*) as BIGINT like SQLite, but SUM as NUMERIC: tests read whole numbers as long.
        return value is decimal number && typeof(T) == typeof(long) ? (T)(object)(long)number : (T)value!;
    }

    public HttpClient Client(bool admin = false, bool followRedirects = true)
    {
        StartServer();
        // The factory's own client follows redirects whatever it is told once Kestrel serves; a plain one does not.
        var client = followRedirects
            ? CreateClient()
            : new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = ClientOptions.BaseAddress };
        if (admin)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        }

        return client;
    }

    /// <summary>A client with a new API key of <paramref name="role"/>; redirects shown, not followed.</summary>
    public async Task<HttpClient> ClientWithRoleAsync(string role)
    {
        var (_, key) = await Services.GetRequiredService<StatusBoard.Web.Api.ApiKeys>().CreateAsync($"{role}-{Guid.NewGuid():N}"[..20], role, TestContext.Current.CancellationToken);
        var client = Client(followRedirects: false);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>A client that keeps cookies and shows redirects, as a browser without JavaScript would.</summary>
    public HttpClient CookieClient()
    {
        StartServer();
        return new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = new System.Net.CookieContainer() }) { BaseAddress = ClientOptions.BaseAddress };
    }

    /// <summary>Signs a cookie client in through the real form; returns where the server sent it.</summary>
    public static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string email, string password, string returnUrl = "/ops")
    {
        var page = await client.GetStringAsync("/signin", TestContext.Current.CancellationToken);
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(token);
        return await client.PostAsync("/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Email"] = email,
            ["Password"] = password,
            ["ReturnUrl"] = returnUrl,
        }), TestContext.Current.CancellationToken);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureAppConfiguration((_, configuration) =>
        {
            if (!_defaults)
            {
                configuration.Sources.Clear();
                configuration.AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(FastConfiguration)));
            }

            configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:StatusBoard"] = _postgres ?? $"Data Source={DatabasePath}",
                ["StatusBoard:Storage:Provider"] = _postgres is null ? "sqlite" : "postgres",
                ["StatusBoard:Bootstrap:AdminApiKey"] = AdminKey,
                ["StatusBoard:Bootstrap:AdminEmail"] = AdminEmail,
                ["StatusBoard:Bootstrap:AdminPassword"] = AdminPassword,
                ["Logging:LogLevel:Default"] = "Warning",
                // Every test app makes its own key ring; the warning that it is unencrypted would bury the test output.
                ["Logging:LogLevel:Microsoft.AspNetCore.DataProtection"] = "Error",
                // Test targets listen on loopback; tests of the allow-list set entry 0 to something else.
                ["StatusBoard:Probes:AllowedPrivateNetworks:0"] = "127.0.0.0/8",
            });
            configuration.AddInMemoryCollection(_extra);
        });
        if (TestServices is { } services)
        {
            builder.ConfigureTestServices(services);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    /// <summary>The components of DESIGN.md and quick probes: interval 1 s, timeout 1 s.</summary>
    public const string FastConfiguration = """
        {
          "StatusBoard": {
            "Sandbox": { "Enabled": true, "SettleAfter": "00:00:00.100" },
            "Regions": [
              { "key": "cn-east", "names": { "en": "East China", "zh-CN": "华东" } },
              { "key": "cn-south", "names": { "en": "South China", "zh-CN": "华南" } },
              { "key": "sg", "names": { "en": "Singapore", "zh-CN": "新加坡" } }
            ],
            "Health": { "ConfirmationCount": 2, "RecoveryCount": 2 },
            "Components": [
              { "key": "payments", "names": { "en": "Payments", "zh-CN": "支付" }, "position": 1 },
              { "key": "balance", "names": { "en": "Wallet balance", "zh-CN": "钱包余额" }, "position": 2 }
            ],
            "Probes": {
              "LocalRegions": [ "cn-east", "cn-south", "sg" ],
              "Http": { "RetryDelay": "00:00:00.100" },
              "0": {
                "key": "payments-create", "name": "Create payment", "component": "payments", "kind": "http",
                "regions": [ "cn-east", "cn-south", "sg" ], "interval": "1s", "timeout": "1s", "retries": 1,
                "request": { "method": "POST", "url": "{sandbox}/{region}/v2/payments",
                             "headers": { "Authorization": "Bearer demo", "Idempotency-Key": "{{uuid}}" },
                             "body": "{\"amount\":\"0.01\",\"currency\":\"CNY\"}" },
                "errorCodePath": "$.error.code",
                "conditions": [ "[STATUS] == 200", "[BODY].status == \"succeeded\"", "[BODY].amount == \"0.01\"", "[RESPONSE_TIME] < 800" ],
                "categoryRules": [ { "errorCode": "RISK_BLOCKED", "category": "security" } ]
              },
              "1": {
                "key": "payment-journey", "name": "Pay, settle and refund", "component": "payments", "kind": "journey",
                "regions": [ "cn-east", "cn-south", "sg" ], "interval": "1s", "timeout": "1s",
                "errorCodePath": "$.error.code",
                "steps": [
                  { "name": "create", "request": { "method": "POST", "url": "{sandbox}/{region}/v2/payments", "body": "{\"amount\":\"0.01\"}" },
                    "conditions": [ "[STATUS] == 200" ], "extract": { "paymentId": "[BODY].id" } },
                  { "name": "settle", "request": { "url": "{sandbox}/{region}/v2/payments/{{paymentId}}" },
                    "conditions": [ "[STATUS] == 200" ], "poll": { "until": "[BODY].status == \"settled\"", "every": "100ms", "deadline": "800ms" } },
                  { "name": "refund", "request": { "method": "POST", "url": "{sandbox}/{region}/v2/payments/{{paymentId}}/refund" },
                    "conditions": [ "[STATUS] == 200", "[BODY].status == \"refunded\"" ], "alwaysRun": true }
                ]
              },
              "2": {
                "key": "balance", "name": "Wallet balance", "component": "balance", "kind": "http",
                "regions": [ "cn-east", "cn-south", "sg" ], "interval": "1s", "timeout": "1s", "retries": 1,
                "request": { "url": "{sandbox}/{region}/v2/balance" },
                "errorCodePath": "$.error.code",
                "conditions": [ "[STATUS] == 200", "[BODY].currency == \"CNY\"", "[BODY].available >= 0", "[RESPONSE_TIME] < 800" ]
              }
            }
          }
        }
        """;
}

/// <summary>Reading StatusBoard's API in tests.</summary>
internal static class ApiReads
{
    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string path)
    {
        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>(Json.Options, TestContext.Current.CancellationToken);
    }

    public static async Task<JsonElement> ResultsAsync(this HttpClient client, string probe, string region, DateTimeOffset since) =>
        await client.GetJsonAsync($"/api/v1/results?probe={probe}&region={region}&since={Uri.EscapeDataString(since.ToString("O"))}&limit=20");

    public static JsonElement Component(this JsonElement health, string key) =>
        health.GetProperty("components").EnumerateArray().Single(c => c.GetProperty("key").GetString() == key);

    public static JsonElement Region(this JsonElement component, string region) =>
        component.GetProperty("regions").EnumerateArray().Single(r => r.GetProperty("region").GetString() == region);

    public static string Text(this JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";
}
