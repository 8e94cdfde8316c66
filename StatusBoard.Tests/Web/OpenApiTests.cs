using Microsoft.AspNetCore.Routing;

namespace StatusBoard.Tests.Web;

/// <summary>
/// /openapi/v1.json describes every /api/v1 route the server maps, with the least role each takes, and a real
/// OpenAPI linter (Redocly's, from npm; .ci/run installs it) finds no error in it.
/// </summary>
public sealed class OpenApiTests : IAsyncDisposable
{
    private readonly StatusBoardApp _app = new();

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task TheDocument_HasEveryApiV1Route_WithItsRole_ItsRequestAndResponseSchemas_AndLintsClean()
    {
        var text = await _app.Client().GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken);
        var paths = JsonDocument.Parse(text).RootElement.GetProperty("paths");
        var described = paths.EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(operation => $"{operation.Name.ToUpperInvariant()} {Normal(path.Name)}"))
            .ToHashSet(StringComparer.Ordinal);

        var missing = Routes().Where(route => !described.Contains(route)).ToList();
        Assert.True(missing.Count == 0, "routes the document leaves out: " + string.Join(", ", missing));
        Assert.DoesNotContain(described, route => !route.Contains(" /api/v1/", StringComparison.Ordinal));
        var unsaid = paths.EnumerateObject().SelectMany(path => path.Value.EnumerateObject()
            .Where(operation => operation.Value.GetProperty("summary").GetString()!.StartsWith(operation.Name.ToUpperInvariant() + " /", StringComparison.Ordinal))
            .Select(operation => $"{operation.Name.ToUpperInvariant()} {path.Name}")).ToList();
        Assert.True(unsaid.Count == 0, "operations without a summary in OpenApiDescription.Summaries: " + string.Join(", ", unsaid));

        var create = Operation(paths, "/api/v1/probes", "post");
        Assert.Equal("admin", create.GetProperty("x-statusboard-role").GetString());
        Assert.True(create.GetProperty("responses").TryGetProperty("403", out _));
        Assert.Equal("operator", Operation(paths, "/api/v1/incidents/{id}/acknowledge", "post").GetProperty("x-statusboard-role").GetString());
        // Open to anyone: one empty requirement, no role.
        var health = Operation(paths, "/api/v1/health", "get");
        Assert.Equal("[{}]", System.Text.RegularExpressions.Regex.Replace(health.GetProperty("security").GetRawText(), @"\s", ""));
        Assert.False(health.TryGetProperty("x-statusboard-role", out _));
        Assert.Equal("agent", Operation(paths, "/api/v1/agent/results", "post").GetProperty("x-statusboard-role").GetString());

        // Every answer with a body says its schema, every operation that reads a body says what it reads: generated from
        // the handlers' types, so a client generator gets models, not "any".
        var operations = paths.EnumerateObject().SelectMany(path => path.Value.EnumerateObject().Select(operation => (Route: $"{operation.Name.ToUpperInvariant()} {path.Name}", Operation: operation.Value))).ToList();
        var shapeless = operations.Where(o => !o.Operation.GetProperty("responses").EnumerateObject()
            .Any(r => r.Name is "202" or "204" || (r.Name.StartsWith('2') && r.Value.TryGetProperty("content", out var content) && content.EnumerateObject().All(c => c.Value.TryGetProperty("schema", out _)))))
            .Select(o => o.Route).ToList();
        Assert.True(shapeless.Count == 0, "operations whose answer has no schema: " + string.Join(", ", shapeless));
        string[] bodiless = ["POST /api/v1/incidents/{id}/acknowledge", "POST /api/v1/incidents/{id}/false-alarm", "POST /api/v1/probes/{key}/run", "POST /api/v1/probes/{key}/pause",
            "POST /api/v1/probes/{key}/resume", "POST /api/v1/maintenance/{id}/end", "POST /api/v1/notification-channels/{name}/test"];
        var unread = operations.Where(o => o.Route.Split(' ')[0] is "POST" or "PUT" or "PATCH" && !bodiless.Contains(o.Route) && !o.Operation.TryGetProperty("requestBody", out _)).Select(o => o.Route).ToList();
        Assert.True(unread.Count == 0, "operations that read a body the document does not describe: " + string.Join(", ", unread));
        var schemas = JsonDocument.Parse(text).RootElement.GetProperty("components").GetProperty("schemas");
        Assert.True(schemas.GetProperty("ManualIncident").GetProperty("properties").TryGetProperty("title", out _));
        Assert.True(schemas.GetProperty("MaintenanceView").GetProperty("properties").TryGetProperty("status", out _));
        Assert.True(Operation(paths, "/api/v1/incidents", "post").GetProperty("responses").TryGetProperty("400", out _));

        var redocly = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(directory => Path.Combine(directory, "redocly")).FirstOrDefault(File.Exists);
        Assert.True(redocly is not null, "redocly is not on the PATH: npm install -g @redocly/cli@2.77.0 (.ci/run and the test project's build do)");
        var file = Path.Combine(AppContext.BaseDirectory, "TestResults", "openapi-v1.json");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllTextAsync(file, text, TestContext.Current.CancellationToken);
        var (exitCode, output, error) = await Processes.RunAsync(redocly, ["lint", file, "--format=stylish"], TimeSpan.FromMinutes(2));
        Assert.True(exitCode == 0, $"redocly lint found errors:\n{output}\n{error}");
    }

    /// <summary>Every /api/v1 route, as "METHOD /path" with constraints left out.</summary>
    private IEnumerable<string> Routes() => _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
        .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1/", StringComparison.Ordinal) == true && e.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>()?.ExcludeFromDescription != true)
        .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(method => $"{method} {Normal(e.RoutePattern.RawText!)}"))
        .Distinct();

    private static JsonElement Operation(JsonElement paths, string path, string method) =>
        paths.EnumerateObject().Single(p => Normal(p.Name) == path).Value.GetProperty(method);

    private static string Normal(string path) =>
        System.Text.RegularExpressions.Regex.Replace(path, @"\{([^}:]+)(:[^}]*)?\}", "{$1}").TrimEnd('/');
}
