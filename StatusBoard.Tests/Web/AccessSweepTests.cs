using Microsoft.AspNetCore.Routing;
using StatusBoard.Web.Accounts;

namespace StatusBoard.Tests.Web;

/// <summary>
/// Every endpoint the server maps, asked by every kind of caller: anonymous, viewer, operator and admin keys. Each
/// endpoint is in the table below with the least role it admits; a new endpoint fails the sweep until it is placed.
/// Identifiers name nothing that exists, so the sweep changes nothing: a caller who may pass gets past
/// authorization to a 400 or 404, one who may not is refused before the endpoint runs.
/// </summary>
public sealed class AccessSweepTests : IAsyncDisposable
{
    private const string Public = "public";

    /// <summary>Only an agent key, which none of the callers holds: everyone is refused.</summary>
    private const string Agent = "agent";

    private static readonly Dictionary<string, string> Least = new()
    {
        // The public page and what users, status consumers and embedding sites read.
        ["GET /"] = Public, ["GET /status"] = Public, ["GET /history"] = Public, ["GET /history.atom"] = Public,
        ["GET /history.rss"] = Public, ["GET /incidents/{id}"] = Public, ["GET /healthz"] = Public, ["GET /openapi/{documentName}.json"] = Public,
        ["GET /api/v2/components.json"] = Public, ["GET /api/v2/incidents.json"] = Public, ["GET /api/v2/incidents/unresolved.json"] = Public,
        ["GET /api/v2/scheduled-maintenances.json"] = Public, ["GET /api/v2/scheduled-maintenances/active.json"] = Public,
        ["GET /api/v2/scheduled-maintenances/upcoming.json"] = Public, ["GET /api/v2/status.json"] = Public, ["GET /api/v2/summary.json"] = Public,
        ["GET /badges/{component}/status.svg"] = Public, ["GET /badges/{component}/uptime.svg"] = Public,
        ["GET /api/v1/banner"] = Public, ["GET /api/v1/verdict"] = Public, ["GET /api/v1/health"] = Public,
        ["GET /api/v1/components/"] = Public, ["GET /api/v1/maintenance/"] = Public, ["GET /api/v1/maintenance/{id}"] = Public,
        ["GET /api/v1/incidents/"] = Public, ["GET /api/v1/incidents/{id}"] = Public,
        ["POST /api/v1/reports"] = Public, ["POST /report"] = Public,
        // Subscribing and the links of the messages: anyone (a link's token is what is checked).
        ["POST /api/v1/subscribers"] = Public, ["POST /subscribe"] = Public, ["GET /subscribers/pending"] = Public,
        ["GET /subscribers/confirm"] = Public, ["POST /subscribers/confirm"] = Public, ["GET /subscribers/unsubscribe"] = Public,
        ["POST /subscribers/unsubscribe"] = Public,
        ["GET /signin"] = Public, ["POST /signin"] = Public, ["POST /signout"] = Public, ["GET /not-found"] = Public,
        ["GET /metrics"] = Public, ["GET /api/v1/engine"] = Public,
        // The built-in sandbox gateway, a demo payment API.
        ["GET /sandbox/ping"] = Public, ["GET /sandbox/faults"] = Public, ["GET /sandbox/{region}/v2/balance"] = Public,
        ["GET /sandbox/{region}/v2/payments/{id}"] = Public, ["POST /sandbox/{region}/v2/payments"] = Public,
        ["POST /sandbox/{region}/v2/payments/{id}/refund"] = Public, ["POST /sandbox/{region}/v2/sessions"] = Public,
        ["POST /sandbox/{region}/v2/topups"] = Public, ["POST /sandbox/{region}/v2/transfers"] = Public,
        ["* /sandbox/{region}/v1/payments/{**rest}"] = Public,
        // Reading what names internal endpoints and people.
        ["GET /api/v1/probes/"] = Roles.Viewer, ["GET /api/v1/probes/{key}"] = Roles.Viewer, ["GET /api/v1/results"] = Roles.Viewer,
        ["GET /api/v1/notification-channels/"] = Roles.Viewer, ["GET /api/v1/notification-channels/deliveries"] = Roles.Viewer,
        ["GET /api/v1/notification-channels/types"] = Roles.Viewer,
        ["GET /api/v1/reports/incidents.csv"] = Roles.Viewer, ["GET /api/v1/reports/monthly"] = Roles.Viewer,
        ["GET /api/v1/reports/monthly.csv"] = Roles.Viewer,
        ["GET /ops"] = Roles.Viewer, ["GET /ops/channels"] = Roles.Viewer, ["GET /ops/incidents"] = Roles.Viewer, ["GET /ops/maintenance"] = Roles.Viewer, ["GET /ops/reports"] = Roles.Viewer, ["GET /api/v1/reports"] = Roles.Viewer,
        ["GET /ops/incidents/{Id}"] = Roles.Viewer, ["GET /account/password"] = Roles.Viewer, ["POST /account/password/change"] = Roles.Viewer, ["GET /ops/probes/{Key}"] = Roles.Viewer, ["GET /reports"] = Roles.Viewer,
        // Working an incident and the probes.
        ["GET /ops/incidents/new"] = Roles.Operator, ["POST /api/v1/incidents/"] = Roles.Operator, ["PATCH /api/v1/incidents/{id}"] = Roles.Operator,
        ["POST /api/v1/incidents/{id}/acknowledge"] = Roles.Operator, ["POST /api/v1/incidents/{id}/false-alarm"] = Roles.Operator,
        ["POST /api/v1/incidents/{id}/notes"] = Roles.Operator, ["POST /api/v1/incidents/{id}/updates"] = Roles.Operator,
        ["PUT /api/v1/incidents/{id}/postmortem"] = Roles.Operator, ["POST /api/v1/probes/{key}/pause"] = Roles.Operator,
        ["POST /api/v1/probes/{key}/resume"] = Roles.Operator, ["POST /api/v1/probes/{key}/run"] = Roles.Operator,
        ["POST /sandbox/faults"] = Roles.Operator,
        // Changing what is watched, who may sign in, and where notifications go.
        ["GET /ops/keys"] = Roles.Admin, ["GET /ops/agents"] = Roles.Admin, ["GET /ops/users"] = Roles.Admin, ["GET /ops/probes/new"] = Roles.Admin,
        ["GET /ops/probes/{Key}/edit"] = Roles.Admin, ["POST /api/v1/probes/"] = Roles.Admin, ["PUT /api/v1/probes/{key}"] = Roles.Admin,
        ["DELETE /api/v1/probes/{key}"] = Roles.Admin, ["POST /api/v1/components/"] = Roles.Admin, ["PUT /api/v1/components/{key}"] = Roles.Admin, ["GET /ops/components"] = Roles.Viewer, ["GET /api/v1/config/"] = Roles.Admin,
        ["GET /api/v1/config/status"] = Roles.Admin, ["POST /api/v1/config/"] = Roles.Admin, ["POST /api/v1/config/import/gatus"] = Roles.Admin,
        ["POST /api/v1/config/import/kuma"] = Roles.Admin, ["POST /api/v1/maintenance/"] = Roles.Admin,
        ["PUT /api/v1/maintenance/{id}"] = Roles.Admin, ["DELETE /api/v1/maintenance/{id}"] = Roles.Admin, ["POST /api/v1/maintenance/{id}/end"] = Roles.Admin,
        ["PUT /api/v1/notification-channels/{name}"] = Roles.Admin, ["DELETE /api/v1/notification-channels/{name}"] = Roles.Admin,
        ["POST /api/v1/notification-channels/{name}/test"] = Roles.Admin, ["POST /api/v1/agent-keys/"] = Roles.Admin,
        ["GET /api/v1/agent-keys/"] = Roles.Admin, ["DELETE /api/v1/agent-keys/{id}"] = Roles.Admin, ["GET /api/v1/backup"] = Roles.Admin,
        ["GET /api/v1/subscribers"] = Roles.Admin, ["DELETE /api/v1/subscribers"] = Roles.Admin, ["GET /ops/subscribers"] = Roles.Admin,
        // What remote agents read and deliver, with a key of their region.
        ["GET /api/v1/agent/probes"] = Agent, ["POST /api/v1/agent/heartbeat"] = Agent, ["POST /api/v1/agent/results"] = Agent,
    };

    private readonly StatusBoardApp _app = new();

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task EveryEndpoint_AdmitsItsRolesAndRefusesTheRest()
    {
        var callers = new (string Name, int Rank, HttpClient Client)[]
        {
            ("anonymous", 0, _app.Client(followRedirects: false)),
            (Roles.Viewer, 1, await _app.ClientWithRoleAsync(Roles.Viewer)),
            (Roles.Operator, 2, await _app.ClientWithRoleAsync(Roles.Operator)),
            (Roles.Admin, 3, await _app.ClientWithRoleAsync(Roles.Admin)),
        };
        var endpoints = Endpoints();
        var unplaced = endpoints.Where(e => !Least.ContainsKey(e)).ToList();
        var gone = Least.Keys.Where(e => !endpoints.Contains(e)).ToList();
        Assert.True(unplaced.Count == 0, "endpoints with no place in the table: " + string.Join(", ", unplaced));
        Assert.True(gone.Count == 0, "table entries with no endpoint: " + string.Join(", ", gone));

        var wrong = new List<string>();
        foreach (var endpoint in endpoints)
        {
            var rank = Least[endpoint] switch { Public => 0, Roles.Viewer => 1, Roles.Operator => 2, Roles.Admin => 3, _ => 4 };
            foreach (var (name, callerRank, client) in callers)
            {
                using var response = await client.SendAsync(Request(endpoint), TestContext.Current.CancellationToken);
                var refused = Refused(response);
                if ((int)response.StatusCode >= 500)
                {
                    wrong.Add($"{endpoint} as {name}: {(int)response.StatusCode}");
                }
                else if (refused != (callerRank < rank))
                {
                    wrong.Add($"{endpoint} as {name}: {(int)response.StatusCode} {response.Headers.Location} (least role {Least[endpoint]})");
                }
            }
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    /// <summary>Every route the server maps, as "METHOD pattern"; files and Blazor's own plumbing left out.</summary>
    private List<string> Endpoints() => _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
        .Where(e => e.RoutePattern.RawText is { } raw && raw.StartsWith('/') && !raw.StartsWith("/_", StringComparison.Ordinal)
            && !raw.StartsWith("/hubs/", StringComparison.Ordinal))
        .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"])
            // Pages answer GET and POST (their forms); reading them is what decides who may open them.
            .Where(method => method != "POST" || !(e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains("GET") ?? false))
            .Select(method => $"{method} {e.RoutePattern.RawText}"))
        .Distinct()
        .ToList();

    private static HttpRequestMessage Request(string endpoint)
    {
        var (method, pattern) = (endpoint[..endpoint.IndexOf(' ')], endpoint[(endpoint.IndexOf(' ') + 1)..]);
        var path = pattern.Replace("{component}", "payments").Replace("{region}", "sg").Replace("{**rest}", "sweep")
            .Replace("{key}", "sweep-none").Replace("{Key}", "sweep-none").Replace("{id}", "sweep-none").Replace("{Id}", "sweep-none")
            .Replace("{name}", "sweep-none");
        var request = new HttpRequestMessage(method == "*" ? HttpMethod.Get : new HttpMethod(method), path);
        if (method is "POST" or "PUT" or "PATCH")
        {
            // Forms take forms (anything else is a 415 at routing, before anyone is asked who they are).
            request.Content = pattern.StartsWith("/account/", StringComparison.Ordinal)
                ? new FormUrlEncodedContent([])
                : new StringContent("{}", Encoding.UTF8, "application/json");
        }

        return request;
    }

    /// <summary>401 or 403 for programs; for pages, a redirect to the sign-in form.</summary>
    private static bool Refused(HttpResponseMessage response) =>
        response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
        || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString.Contains("/signin", StringComparison.Ordinal) == true);
}
