using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.Hosting;
using StatusBoard.Probes.Running;

namespace StatusBoard.Probes.Agent;

/// <summary>
/// A remote agent: reads the probes the server assigns it in its region (again every <see cref="AgentOptions.PullInterval"/>,
/// and at once when a heartbeat tells that they changed),
/// runs them with the same engine as the server, keeps every result in <see cref="AgentBuffer"/>, and delivers them in
/// order, in batches, as the server takes them. While the server is away probing goes on and results wait on disk.
/// </summary>
public sealed class AgentRunner(
    IOptions<AgentOptions> options,
    IOptions<SchedulerOptions> scheduling,
    ProbeRunner runner,
    AgentBuffer buffer,
    IHttpClientFactory clients,
    TimeProvider time,
    ILoggerFactory logging) : BackgroundService
{
    public const string ClientName = "statusboard-agent";

    private readonly ILogger _logger = logging.CreateLogger<AgentRunner>();
    private readonly SemaphoreSlim _reading = new(1, 1);
    private readonly Dictionary<string, DateTimeOffset> _said = new(StringComparer.Ordinal);
    private long _delivered;
    private long _heartbeats;
    private string? _instance;
    private string? _version;

    /// <summary>Probes scheduled from the last pull.</summary>
    public int Scheduled { get; private set; }

    /// <summary>Results the server stored for the first time from this agent's batches since the start.</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    /// <summary>Heartbeats the server answered since the start.</summary>
    public long Heartbeats => Interlocked.Read(ref _heartbeats);

    public override void Dispose()
    {
        _reading.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var sandbox = settings.Server.TrimEnd('/') + "/sandbox";
        _instance = await buffer.InstanceAsync(stoppingToken);
        await using var scheduler = new ProbeScheduler(time, scheduling,
            async (pair, cancellationToken) => await buffer.AddAsync(Redaction.Result(await runner.RunAsync(pair.Probe, new RunContext(pair.Region, "agent", sandbox), cancellationToken)), cancellationToken),
            logging.CreateLogger<ProbeScheduler>());
        await Task.WhenAll(scheduler.RunAsync(stoppingToken), PullAsync(scheduler, stoppingToken), BeatAsync(scheduler, stoppingToken), DeliverAsync(stoppingToken));
    }

    /// <summary>
    /// Reads the probes this agent is to run: those of its region that the server assigns to it (several agents may
    /// serve a region; each probe is run by one of them), again every <see cref="AgentOptions.PullInterval"/>.
    /// </summary>
    private async Task PullAsync(ProbeScheduler scheduler, CancellationToken cancellationToken) =>
        await Periodic.RunAsync(options.Value.PullInterval, time, ct => QuietlyAsync(ReadProbesAsync(scheduler, ct), ct), _logger, "Reading this agent's probes", cancellationToken);

    /// <summary>Says it is alive every <see cref="AgentOptions.HeartbeatInterval"/>; reads its probes again when the server's version of them changed.</summary>
    private async Task BeatAsync(ProbeScheduler scheduler, CancellationToken cancellationToken) =>
        await Periodic.RunAsync(options.Value.HeartbeatInterval, time, ct => QuietlyAsync(BeatOnceAsync(scheduler, ct), ct), _logger, "Heartbeat", cancellationToken);

    private async Task BeatOnceAsync(ProbeScheduler scheduler, CancellationToken ct)
    {
        // Its own clock, so the server can tell how far off it is, and how its buffer fares (a full disk, a damaged file).
        using var response = await Client().PostAsJsonAsync("/api/v1/agent/heartbeat", new AgentHeartbeat(_instance, time.GetUtcNow(), buffer.State), Json.Info<AgentHeartbeat>(), ct);
        response.EnsureSuccessStatusCode();
        var answer = await response.Content.ReadFromJsonAsync(Json.Info<JsonElement>(), ct);
        Interlocked.Increment(ref _heartbeats);
        if (answer.GetProperty("version").GetString() != Volatile.Read(ref _version))
        {
            await ReadProbesAsync(scheduler, ct);
        }
    }

    private async Task ReadProbesAsync(ProbeScheduler scheduler, CancellationToken cancellationToken)
    {
        await _reading.WaitAsync(cancellationToken);
        try
        {
            using var response = await Client().GetAsync($"/api/v1/agent/probes?instance={_instance}", cancellationToken);
            response.EnsureSuccessStatusCode();
            var documents = await response.Content.ReadFromJsonAsync(Json.Info<List<JsonElement>>(), cancellationToken) ?? [];
            var probes = new List<ProbeDefinition>();
            foreach (var element in documents)
            {
                var document = element.Deserialize(Json.Info<ProbeDocument>())!;
                if (ProbeDefinitionParser.TryParse(document, _ => true, DefinitionSource.Api, out var probe, out var errors, unsetSecretsAreFaults: true))
                {
                    probes.Add(probe!);
                }
                else
                {
                    _logger.LogWarning("Probe {ProbeKey} from the server does not parse here: {Errors}", document.Key, errors);
                }
            }

            scheduler.Update(probes.Select(probe => new ScheduledPair(probe, options.Value.Region)));
            Scheduled = probes.Count;
            Volatile.Write(ref _version, response.Headers.TryGetValues("X-StatusBoard-Assignment", out var versions) ? versions.FirstOrDefault() : null);
        }
        finally
        {
            _reading.Release();
        }
    }

    /// <summary>
    /// Delivers what waits, then again after <see cref="AgentOptions.DeliverInterval"/>; when nothing waited, as soon as
    /// the next result is made — so the first result of a freshly started agent reaches the server within moments, not
    /// an interval later, while a busy agent sends what waits (in batches of <see cref="AgentOptions.MaxBatch"/>) once a round.
    /// </summary>
    private async Task DeliverAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var arrival = buffer.NextArrival();
            var idle = false;
            try
            {
                await QuietlyAsync(DeliverWaitingAsync(() => idle = true, cancellationToken), cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                _logger.LogError(exception, "Delivering results failed; trying again in {Interval}", options.Value.DeliverInterval);
            }

            try
            {
                await (idle ? arrival.WaitAsync(cancellationToken) : Task.Delay(options.Value.DeliverInterval, time, cancellationToken));
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task DeliverWaitingAsync(Action nothingWaited, CancellationToken ct)
    {
        // Everything waiting, oldest first, a batch at a time; a failure leaves it for the next round, same batch id.
        if (!await buffer.SendOldestAsync(options.Value.MaxBatch, SendAsync, ct))
        {
            nothingWaited();
            return;
        }

        while (await buffer.SendOldestAsync(options.Value.MaxBatch, SendAsync, ct))
        {
        }
    }

    /// <summary>
    /// What goes wrong between agent and server most often — a refused key, a server away or slow — is said in one line
    /// at most once a minute each, not a stack trace every beat; everything else is the periodic loop's to log.
    /// </summary>
    private async Task QuietlyAsync(Task work, CancellationToken cancellationToken)
    {
        try
        {
            await work;
        }
        catch (HttpRequestException exception) when (exception.StatusCode is System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.Forbidden)
        {
            if (Due("key"))
            {
                _logger.LogError("The server refuses this agent's key ({Status}): check --key; an admin may have revoked it or made it for another region. Probing goes on and results wait on disk", (int)exception.StatusCode!);
            }
        }
        catch (HttpRequestException exception)
        {
            if (Due("server"))
            {
                _logger.LogWarning("The server {Server} cannot be reached ({Problem}); probing goes on and results wait on disk", options.Value.Server, exception.Message);
            }
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            if (Due("server"))
            {
                _logger.LogWarning("The server {Server} did not answer in time; probing goes on and results wait on disk", options.Value.Server);
            }
        }
    }

    /// <summary>Whether a minute has passed since <paramref name="topic"/> was last said (and, if so, that it is being said now).</summary>
    private bool Due(string topic)
    {
        var now = time.GetUtcNow();
        lock (_said)
        {
            if (_said.TryGetValue(topic, out var last) && now - last < TimeSpan.FromMinutes(1))
            {
                return false;
            }

            _said[topic] = now;
            return true;
        }
    }

    private async Task SendAsync(AgentBatch batch, CancellationToken cancellationToken)
    {
        // Stamped with this machine's clock when sent: the server places the results by their age, whatever this clock says.
        using var response = await Client().PostAsJsonAsync("/api/v1/agent/results", new AgentDelivery(batch.BatchId, time.GetUtcNow(), batch.Results, batch.Summaries), Json.Info<AgentDelivery>(), cancellationToken);
        if (response.StatusCode == System.Net.HttpStatusCode.UnprocessableEntity || response.StatusCode == System.Net.HttpStatusCode.BadRequest)
        {
            // Refused whole and never to be accepted as it is: say why and let the rest through.
            _logger.LogError("The server refused batch {BatchId}: {Problem}", batch.BatchId, await response.Content.ReadAsStringAsync(cancellationToken));
            return;
        }

        response.EnsureSuccessStatusCode();
        // A batch whose first answer was lost is answered again as a duplicate, with what was stored then.
        var answer = await response.Content.ReadFromJsonAsync(Json.Info<JsonElement>(), cancellationToken);
        Interlocked.Add(ref _delivered, answer.GetProperty("accepted").GetInt64());
    }

    private HttpClient Client()
    {
        var client = clients.CreateClient(ClientName);
        client.BaseAddress = new Uri(options.Value.Server.TrimEnd('/') + "/");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.Value.Key);
        return client;
    }
}
