using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using StatusBoard.Web.Accounts;

namespace StatusBoard.Web.Api;

/// <summary>
/// What the generated <c>/openapi/v1.json</c> says beyond the endpoints themselves: who StatusBoard is, how to
/// authenticate (an API key as a bearer token), and per operation the least role it takes (<c>x-statusboard-role</c>)
/// with the answers a refusal gets (401 without a key, 403 with too small a role, as RFC 7807 problems).
/// </summary>
public sealed class OpenApiDescription : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    private const string Scheme = "apiKey";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "StatusBoard API",
            Version = "v1",
            Description = "Probes, components, results, health, incidents, maintenance, reports, notification channels, agents and configuration of a StatusBoard installation. The Statuspage-compatible /api/v2 is described by Atlassian's own documentation.",
            License = new OpenApiLicense { Name = "Proprietary" },
        };
        document.Servers = [new OpenApiServer { Url = "/", Description = "this installation" }];
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[Scheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "An API key from /ops/keys (or an agent key for /api/v1/agent), as 'Authorization: Bearer <key>'.",
        };
        return Task.CompletedTask;
    }

    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<ReadsBody>().LastOrDefault() is { } body)
        {
            // The body the handler reads itself (JsonBody), as a schema of its type shared through the components.
            var name = body.Type.Name;
            var schema = await context.GetOrCreateSchemaAsync(body.Type, cancellationToken: cancellationToken);
            context.Document!.AddComponent(name, schema);
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = body.ContentTypes.ToDictionary(type => type, _ => new OpenApiMediaType { Schema = new OpenApiSchemaReference(name, context.Document) }),
            };
        }

        var method = context.Description.HttpMethod ?? "GET";
        var path = context.Description.RelativePath ?? "";
        operation.OperationId ??= OperationId(method, path);
        if (string.IsNullOrEmpty(operation.Summary))
        {
            operation.Summary = Summary(method, path);
        }
        operation.Responses ??= new OpenApiResponses();
        if (operation.Responses.Count == 0)
        {
            operation.Responses["200"] = new OpenApiResponse { Description = "OK" };
        }

        // The agent endpoints check their own key (an agent key, for one region).
        var agent = path.StartsWith("api/v1/agent/", StringComparison.Ordinal);
        var anonymous = !agent && metadata.OfType<IAllowAnonymous>().Any();
        var policies = metadata.OfType<IAuthorizeData>().Select(a => a.Policy).OfType<string>().ToList();
        if (anonymous || (!agent && policies.Count == 0 && !metadata.OfType<IAuthorizeData>().Any()))
        {
            // Open to anyone: the empty requirement says so.
            operation.Security = [new OpenApiSecurityRequirement()];
            return;
        }

        var role = agent ? "agent" : Roles.All.LastOrDefault(r => policies.Contains(r)) ?? (policies.Contains(ApiKeys.AdminPolicy) ? Roles.Admin : Roles.Viewer);
        operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
        operation.Extensions["x-statusboard-role"] = new JsonNodeExtension(JsonValue.Create(role));
        operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Scheme, context.Document)] = [] }];
        operation.Responses.TryAdd("401", new OpenApiResponse { Description = "No key, or a key StatusBoard does not know (a problem document)" });
        operation.Responses.TryAdd("403", new OpenApiResponse { Description = agent ? "The agent key is for another region (a problem document)" : $"The key's role is below {role} (a problem document)" });
    }

    /// <summary>What each operation does, in a line, by "METHOD route" (routes without their constraints).</summary>
    private static readonly Dictionary<string, string> Summaries = new(StringComparer.Ordinal)
    {
        ["GET api/v1/results"] = "Recent probe results, filtered by probe, region, outcome or time",
        ["GET api/v1/health"] = "Every component's status, scope and regions now",
        ["GET api/v1/verdict"] = "Platform-wide or local: the verdict for a reader's region, app version and network",
        ["POST api/v1/reports"] = "File a user report (component, symptom, region, app version)",
        ["GET api/v1/reports"] = "Recent user reports and each component's rate against the usual",
        ["POST api/v1/subscribers"] = "Subscribe an e-mail address (confirmed by a link first) or a webhook to incidents and maintenance",
        ["GET api/v1/subscribers"] = "How many subscribers there are, by kind and component, and their deliveries (never who)",
        ["DELETE api/v1/subscribers"] = "Remove a subscriber by its e-mail address or webhook URL",
        ["GET api/v1/engine"] = "The scheduler's and writer's own figures: runs, lag, writes, memory",
        ["GET api/v1/banner"] = "The embeddable banner's text in the reader's language, when something is wrong",
        ["GET api/v1/backup"] = "A consistent backup of the database",
        ["GET api/v1/probes"] = "List probes, with whether each is paused",
        ["POST api/v1/probes"] = "Create a probe",
        ["GET api/v1/probes/{key}"] = "Read a probe",
        ["PUT api/v1/probes/{key}"] = "Replace a probe",
        ["DELETE api/v1/probes/{key}"] = "Delete a probe (its results stay)",
        ["POST api/v1/probes/{key}/run"] = "Run a probe now in its local regions",
        ["POST api/v1/probes/{key}/pause"] = "Pause a probe's schedule",
        ["POST api/v1/probes/{key}/resume"] = "Resume a paused probe",
        ["GET api/v1/components"] = "List components in the public page's order",
        ["POST api/v1/components"] = "Create a component",
        ["PUT api/v1/components/{key}"] = "Rename, describe, move or group a component",
        ["GET api/v1/incidents"] = "Recent incidents, public updates only",
        ["POST api/v1/incidents"] = "Open an incident by hand",
        ["GET api/v1/incidents/{id}"] = "Read an incident, public updates only",
        ["PATCH api/v1/incidents/{id}"] = "Set an incident's impact and affected components",
        ["POST api/v1/incidents/{id}/acknowledge"] = "Acknowledge an incident (paging stops)",
        ["POST api/v1/incidents/{id}/updates"] = "Post a public update; resolved resolves it",
        ["POST api/v1/incidents/{id}/notes"] = "Add an internal note",
        ["PUT api/v1/incidents/{id}/postmortem"] = "Write an incident's postmortem",
        ["POST api/v1/incidents/{id}/false-alarm"] = "Mark an incident StatusBoard opened a false alarm",
        ["GET api/v1/maintenance"] = "List maintenance windows",
        ["POST api/v1/maintenance"] = "Schedule a maintenance window, one-off or recurring",
        ["GET api/v1/maintenance/{id}"] = "Read a maintenance window",
        ["PUT api/v1/maintenance/{id}"] = "Replace a maintenance window",
        ["DELETE api/v1/maintenance/{id}"] = "Cancel a maintenance window",
        ["POST api/v1/maintenance/{id}/end"] = "End a maintenance window in progress now",
        ["GET api/v1/reports/monthly"] = "Monthly uptime, error budget and incident figures",
        ["GET api/v1/reports/monthly.csv"] = "Monthly figures as CSV",
        ["GET api/v1/reports/incidents.csv"] = "Incidents as CSV, filtered by month or component",
        ["GET api/v1/notification-channels"] = "List notification channels (secrets never shown)",
        ["GET api/v1/notification-channels/types"] = "Every channel type with its settings",
        ["GET api/v1/notification-channels/deliveries"] = "Recent deliveries: sent, pending and failing",
        ["PUT api/v1/notification-channels/{name}"] = "Create or replace a notification channel",
        ["DELETE api/v1/notification-channels/{name}"] = "Delete a notification channel",
        ["POST api/v1/notification-channels/{name}/test"] = "Send a channel a test message",
        ["POST api/v1/agent-keys"] = "Create an agent key for a region (shown once)",
        ["GET api/v1/agent-keys"] = "List agent keys and the agents seen with them",
        ["DELETE api/v1/agent-keys/{id}"] = "Revoke an agent key",
        ["GET api/v1/agent/probes"] = "The probes an agent runs in its region",
        ["POST api/v1/agent/heartbeat"] = "An agent says it is alive, with its clock and buffer",
        ["POST api/v1/agent/results"] = "An agent delivers a batch of results (idempotent by batch and result id)",
        ["GET api/v1/config"] = "Export components, probes, maintenance and channels as JSON or YAML",
        ["POST api/v1/config"] = "Import a configuration document, all or nothing (dryRun, prune)",
        ["POST api/v1/config/import/kuma"] = "Import an Uptime Kuma backup",
        ["POST api/v1/config/import/gatus"] = "Import a Gatus endpoints file",
        ["GET api/v1/config/status"] = "How the watched configuration directory last loaded",
    };

    /// <summary>The operation's line, or its method and route for one not listed yet (the OpenAPI test lists those).</summary>
    private static string Summary(string method, string path) =>
        Summaries.GetValueOrDefault($"{method} {Route(path)}") ?? $"{method} /{path}";

    private static string Route(string path) => System.Text.RegularExpressions.Regex.Replace(path, @"\{([^}:]+)(:[^}]*)?\}", "{$1}").TrimEnd('/');

    /// <summary>A stable operation id from the method and path: <c>get-api-v1-probes-key</c>.</summary>
    private static string OperationId(string method, string path) =>
        method.ToLowerInvariant() + "-" + string.Join("-", path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(part => part.Trim('{', '}').Replace(".", "-", StringComparison.Ordinal).Split(':')[0]));
}
