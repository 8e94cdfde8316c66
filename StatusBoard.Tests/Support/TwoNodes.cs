using System.Diagnostics;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.SignalR.Client;

namespace StatusBoard.Tests.Support;

/// <summary>
/// Two web nodes as separate processes on one new PostgreSQL schema and one Redis, with one probe (<c>balance</c>) that
/// the leader runs in cn-east and that an agent reports in another region. Node A starts first, on the empty database
/// (migrating it), so it leads; node B joins. Every process started here is stopped when the cluster is disposed.
/// </summary>
public sealed class TwoNodes : IAsyncDisposable
{
    public const string AdminKey = "two-nodes-admin-key-0000000000001";

    private readonly List<Process> _processes = [];
    private readonly string _redis;
    private readonly string _cluster = $"cluster-{Guid.NewGuid():N}";
    private readonly string[] _settings;

    private TwoNodes(string directory, string database, string redis, string[] settings)
    {
        (Directory, Database, _redis, _settings) = (directory, database, redis, settings);
        (A, B) = (Client(Processes.FreePort()), Client(Processes.FreePort()));
    }

    /// <summary>Where the nodes' <c>appsettings.json</c> is (an agent started from here reads it too).</summary>
    public string Directory { get; }

    public string Database { get; }

    /// <summary>Admin clients of node A and node B.</summary>
    public HttpClient A { get; }

    public HttpClient B { get; }

    public Process NodeA => _processes[0];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <param name="redis">The Redis both nodes meet on.</param>
    /// <param name="agentRegion">The probe's second region, the one an agent reports.</param>
    /// <param name="settings">More command-line settings for both nodes.</param>
    public static async Task<TwoNodes> StartAsync(string redis, string agentRegion, params string[] settings)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("statusboard-two-nodes-").FullName;
        await File.WriteAllTextAsync(Path.Combine(directory, "appsettings.json"), Configuration(agentRegion), Ct);
        var nodes = new TwoNodes(directory, await TestServers.NewPostgresSchemaAsync(), redis, settings);
        try
        {
            await nodes.StartAsync(nodes.A, "node-a");
            await nodes.StartAsync(nodes.B, "node-b");
            return nodes;
        }
        catch
        {
            await nodes.DisposeAsync();
            throw;
        }
    }

    /// <summary>A process to stop with the nodes (an agent).</summary>
    public Process Own(Process process)
    {
        _processes.Add(process);
        return process;
    }

    /// <summary>A dashboard client of <paramref name="node"/>'s hub, signed in with the admin key, started.</summary>
    public static async Task<HubConnection> HubAsync(HttpClient node, Action<IHubConnectionBuilder>? configure = null)
    {
        var builder = new HubConnectionBuilder()
            .WithUrl(new Uri(node.BaseAddress!, "/hubs/status"), options => options.AccessTokenProvider = () => Task.FromResult<string?>(AdminKey));
        configure?.Invoke(builder);
        var hub = builder.Build();
        await hub.StartAsync(Ct);
        return hub;
    }

    /// <summary>A new agent key for <paramref name="region"/>, made through <paramref name="node"/>.</summary>
    public static async Task<string> AgentKeyAsync(HttpClient node, string region, string name)
    {
        using var created = await node.PostAsJsonAsync("/api/v1/agent-keys", new { region, name }, Ct);
        created.EnsureSuccessStatusCode();
        return (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).Text("key");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            if (!process.HasExited)
            {
                process.Kill();
            }

            await process.WaitForExitAsync(CancellationToken.None);
            process.Dispose();
        }

        A.Dispose();
        B.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private async Task StartAsync(HttpClient client, string node)
    {
        var process = Own(Processes.ServerOn(Directory, client.BaseAddress!.Port, Database, AdminKey,
        [
            "--StatusBoard:Storage:Provider=postgres", $"--StatusBoard:Cluster:Redis={_redis}", $"--StatusBoard:Cluster:Name={_cluster}",
            $"--StatusBoard:Cluster:NodeName={node}", .. _settings,
        ]));
        await Processes.WaitUntilUpAsync(client, process);
    }

    private static HttpClient Client(int port)
    {
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        return client;
    }

    private static string Configuration(string agentRegion) => $$"""
        {
          "StatusBoard": {
            "Sandbox": { "Enabled": true, "SettleAfter": "00:00:00.100" },
            "Components": [ { "key": "balance", "names": { "en": "Wallet balance" }, "position": 1 } ],
            "Probes": {
              "LocalRegions": [ "cn-east" ],
              "AllowedPrivateNetworks": [ "127.0.0.0/8" ],
              "0": {
                "key": "balance", "name": "Wallet balance", "component": "balance", "kind": "http",
                "regions": [ "cn-east", "{{agentRegion}}" ], "interval": "1s", "timeout": "1s",
                "request": { "url": "{sandbox}/{region}/v2/balance" },
                "conditions": [ "[STATUS] == 200" ]
              }
            }
          }
        }
        """;
}
