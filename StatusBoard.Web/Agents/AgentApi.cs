using StatusBoard.Probes.Agent;
using StatusBoard.Probes.Catalog;
using StatusBoard.Probes.Running;
using StatusBoard.Probes.Storage;
using StatusBoard.Web.Accounts;
using StatusBoard.Web.Api;

namespace StatusBoard.Web.Agents;

/// <summary>
/// Remote probe agents: admins create keys scoped to one region (<c>/api/v1/agent-keys</c>); an agent with its key
/// reads the probes of its region and delivers result batches. A batch is stored before it is acknowledged, each result
/// once however often it is sent, and refused whole — with every reason — when any result is not the agent's to give.
/// </summary>
public static class AgentApi
{
    /// <summary>Most results in one batch; the body may be at most <see cref="MaxBatchBytes"/>.</summary>
    public const int MaxBatch = 1000;

    public const long MaxBatchBytes = 2 * 1024 * 1024;

    public static IServiceCollection AddAgents(this IServiceCollection services)
    {
        services.AddOptions<AgentServerOptions>().BindConfiguration("StatusBoard:Agents")
            .Validate(o => o.SilentAfter >= TimeSpan.FromSeconds(1), "StatusBoard:Agents:SilentAfter must be at least one second, e.g. 00:00:45")
            .ValidateOnStart();
        services.AddSingleton<AgentPresence>();
        services.AddSingleton<Probes.Health.IRegionPresence>(provider => provider.GetRequiredService<AgentPresence>());
        services.AddHostedService(provider => provider.GetRequiredService<AgentPresence>());
        return services.AddSingleton<AgentKeys>();
    }

    public static IEndpointRouteBuilder MapAgentApi(this IEndpointRouteBuilder app)
    {
        var keys = app.MapGroup("/api/v1/agent-keys").WithTags("Agents").RequireAuthorization(Roles.Admin);
        keys.MapPost("/", CreateKeyAsync).ReadsJson<KeyRequest>().Answers<CreatedAgentKey>(StatusCodes.Status201Created);
        keys.MapGet("/", async (AgentKeys store, CancellationToken cancellationToken) => TypedResults.Ok(await store.ListAsync(cancellationToken)));
        keys.MapDelete("/{id}", async (string id, AgentKeys store, CancellationToken cancellationToken) =>
            await store.RevokeAsync(id, cancellationToken)
                ? TypedResults.NoContent()
                : JsonBody.Problem(StatusCodes.Status404NotFound, "Agent key not found", $"There is no active agent key '{id}'."))
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);

        var agent = app.MapGroup("/api/v1/agent").WithTags("Agents");
        agent.MapGet("/probes", ProbesAsync).Answers<List<ProbeDocument>>().ProducesValidationProblem();
        agent.MapPost("/heartbeat", HeartbeatAsync).ReadsJson<Heartbeat>().Answers<Assignment>();
        agent.MapPost("/results", DeliverAsync).ReadsJson<Batch>().Answers<BatchReceipt>().Answers<BatchReceipt>(StatusCodes.Status202Accepted);
        return app;
    }

    private static async Task<IResult> CreateKeyAsync(HttpContext http, AgentKeys store)
    {
        var (request, problem) = await JsonBody.ReadAsync<KeyRequest>(http);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new Dictionary<string, string[]>();
        if (request!.Region is not { } region || !ProbeDefinitionParser.RegionPattern().IsMatch(region))
        {
            errors["region"] = ["is required: a region such as sg or eu-west (lower-case letters, digits and dashes)"];
        }

        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 100 || request.Name.Any(char.IsControl))
        {
            errors["name"] = ["is required: 1 to 100 characters without control characters"];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The agent key is invalid");
        }

        var (info, key) = await store.CreateAsync(request.Name!.Trim(), request.Region!, http.RequestAborted);
        return TypedResults.Created($"/api/v1/agent-keys/{info.Id}", new CreatedAgentKey(info.Id, info.Name, info.Region, info.CreatedAt, key));
    }

    private static async Task<IResult> ProbesAsync(HttpContext http, AgentKeys keys, ProbeCatalog catalog, IOptions<AgentServerOptions> options, TimeProvider time)
    {
        if (await keys.FindAsync(http) is not { } key)
        {
            return Refused();
        }

        // An agent that names its instance gets the probes assigned to it (and is heard from); without one, all of them.
        var instance = http.Request.Query["instance"].ToString();
        if (instance.Length > 0 && !ValidInstance(instance))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["instance"] = [InstanceRule] });
        }

        var probes = instance.Length == 0
            ? RegionProbes(catalog.Current, key.Region)
            : await AssignedAsync(http, keys, key, instance, catalog.Current, options.Value, time);
        http.Response.Headers["X-StatusBoard-Assignment"] = Version(probes);

        // The agent runs them, so it gets them whole, secrets included: its key is a credential like an admin's.
        return TypedResults.Ok(probes.Select(p => ProbeView.Document(p, showSecrets: true)));
    }

    /// <summary>
    /// An agent process is alive: it is told which probes are its own now and a version of them, and reads them again
    /// when the version differs from what it runs (a probe changed, an agent of its region came or went silent).
    /// </summary>
    private static async Task<IResult> HeartbeatAsync(HttpContext http, AgentKeys keys, ProbeCatalog catalog, IOptions<AgentServerOptions> options, TimeProvider time)
    {
        if (await keys.FindAsync(http) is not { } key)
        {
            return Refused();
        }

        var (beat, problem) = await JsonBody.ReadAsync<Heartbeat>(http);
        if (problem is not null)
        {
            return problem;
        }

        if (beat!.Instance is not { } instance || !ValidInstance(instance))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["instance"] = [InstanceRule] });
        }

        var probes = await AssignedAsync(http, keys, key, instance, catalog.Current, options.Value, time, beat.SentAt is { } sent ? sent - time.GetUtcNow() : null, beat.Buffer);
        return TypedResults.Ok(new Assignment(instance, key.Region, [.. probes.Select(p => p.Key)], Version(probes)));
    }

    private static List<ProbeDefinition> RegionProbes(CatalogSnapshot catalog, string region) =>
        catalog.Active.Where(p => p.Regions.Contains(region)).OrderBy(p => p.Key, StringComparer.Ordinal).ToList();

    private static async Task<List<ProbeDefinition>> AssignedAsync(HttpContext http, AgentKeys keys, AgentKeyInfo key, string instance, CatalogSnapshot catalog, AgentServerOptions options, TimeProvider time,
        TimeSpan? clockSkew = null, BufferState? buffer = null)
    {
        var now = time.GetUtcNow();
        var live = await keys.HeartbeatAsync(key, instance, now - options.SilentAfter, http.RequestAborted, clockSkew, buffer);
        http.RequestServices.GetRequiredService<AgentPresence>().Heard(key.Region, now);
        var agent = $"{key.Id}:{instance}";
        return RegionProbes(catalog, key.Region).Where(p => AgentAssignment.Runs(p.Key, agent, live)).ToList();
    }

    /// <summary>Changes whenever an assigned probe is added, removed or edited.</summary>
    private static string Version(IEnumerable<ProbeDefinition> probes) =>
        StableHash.Of(string.Join('\n', probes.Select(p => Json.Serialize(ProbeView.Document(p, showSecrets: true))))).ToString("x16", CultureInfo.InvariantCulture);

    private const string InstanceRule = "is required: the agent process's own id, 1 to 64 letters, digits, dashes or underscores, the same across its restarts";

    private static bool ValidInstance(string instance) => instance.Length is > 0 and <= 64 && instance.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static async Task<IResult> DeliverAsync(HttpContext http, AgentKeys keys, ProbeCatalog catalog, ResultPipeline pipeline, IResultStore store, IOptions<StorageOptions> storage, TimeProvider time)
    {
        if (await keys.FindAsync(http) is not { } key)
        {
            return Refused();
        }

        var (batch, problem) = await JsonBody.ReadAsync<Batch>(http, MaxBatchBytes);
        if (problem is not null)
        {
            return problem;
        }

        if (string.IsNullOrWhiteSpace(batch!.BatchId) || batch.BatchId.Length > 100)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["batchId"] = ["is required: the batch's own id, 1 to 100 characters, the same when it is sent again"] });
        }

        var results = batch.Results ?? [];
        var summaries = batch.Summaries ?? [];
        if (results.Count == 0 && summaries.Count == 0)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["results"] = ["is required: at least one result (or summary)"] });
        }

        if (results.Count + summaries.Count > MaxBatch)
        {
            return JsonBody.Problem(StatusCodes.Status413PayloadTooLarge, "Batch too large", $"A batch holds at most {MaxBatch} results and summaries; this one has {results.Count + summaries.Count}. Send them in several.");
        }

        if (await keys.DeliveredAsync(key.Id, batch.BatchId, http.RequestAborted) is { } before)
        {
            return TypedResults.Ok(new BatchReceipt(batch.BatchId, before, Duplicate: true));
        }

        var (accepted, summed, errors) = AgentBatchCheck.Check(results, summaries, batch.SentAt, new AgentSender(key.Id, key.Name, key.Region),
            catalog.Current, time.GetUtcNow(), storage.Value.RawRetention);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The batch is refused: nothing in it was stored");
        }

        var fresh = await pipeline.AcceptStoredAsync(accepted, http.RequestAborted);
        var merged = (await store.MergeSummariesAsync(summed, http.RequestAborted)).Count;
        await keys.RecordAsync(key.Id, batch.BatchId, fresh + merged, http.RequestAborted);
        return TypedResults.Accepted((string?)null, new BatchReceipt(batch.BatchId!, fresh + merged, Duplicate: false));
    }

    private static IResult Refused() => JsonBody.Problem(StatusCodes.Status401Unauthorized, "Unknown agent key",
        "Send the agent key an admin created for this region as 'Authorization: Bearer <key>'; it may have been revoked.");

    private sealed class Heartbeat
    {
        public string? Instance { get; set; }

        /// <summary>The agent's clock when it sent the beat (agents of 0.6.0 and before do not say).</summary>
        public DateTimeOffset? SentAt { get; set; }

        public BufferState? Buffer { get; set; }
    }

    private sealed class KeyRequest
    {
        public string? Region { get; set; }

        public string? Name { get; set; }
    }

    private sealed class Batch
    {
        public string? BatchId { get; set; }

        /// <summary>The agent's clock when it sent the batch: its results are placed by their age against it.</summary>
        public DateTimeOffset? SentAt { get; set; }

        public List<ProbeResult?>? Results { get; set; }

        /// <summary>An agent's summaries of results it could not keep one by one (its oldest, after a long absence).</summary>
        public List<ResultSummary?>? Summaries { get; set; }
    }
}

/// <summary>A new agent key: <c>key</c> is shown this once (only its hash is kept).</summary>
public sealed record CreatedAgentKey(string Id, string Name, string Region, DateTimeOffset CreatedAt, string Key);

/// <summary>What a heartbeat hears back: the probes this instance runs now (its share of the region's) and the version of that set.</summary>
public sealed record Assignment(string Instance, string Region, IReadOnlyList<string> Assigned, string Version);

/// <summary>A batch taken (202) or one already taken before (200, <c>duplicate</c>): how many of its results and summaries were stored.</summary>
public sealed record BatchReceipt(string BatchId, int Accepted, bool Duplicate);
