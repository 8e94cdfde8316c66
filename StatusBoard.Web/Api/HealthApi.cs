using StatusBoard.Probes.Health;

namespace StatusBoard.Web.Api;

/// <summary><c>GET /api/v1/health</c> and <c>GET /healthz</c>.</summary>
public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/health", (HealthService health, TimeProvider time) =>
        {
            var components = health.Current();
            return TypedResults.Ok(new
            {
                updatedAt = time.GetUtcNow(),
                components = components.Select(c => new
                {
                    c.Key,
                    c.Name,
                    c.Status,
                    c.Scope,
                    regions = c.Regions.Select(r => new { r.Region, r.Status, r.SuccessRate, r.P95Ms, r.LastResultAt }),
                }),
            });
        }).WithTags("Health");

        // Liveness of StatusBoard itself: up when it can answer; the store is checked by opening a connection. Results that
        // cannot be written, or a database that cannot be reached, make it "degraded", still 200: pages and APIs are
        // served, and a load balancer must not take the node out (the public self-check reads this too).
        app.MapGet("/healthz", async (Probes.Storage.Database database, Probes.Storage.ResultWriter writer, CancellationToken cancellationToken) =>
        {
            try
            {
                await using var connection = await database.OpenAsync(cancellationToken);
                return writer.Status is { } fault
                    ? TypedResults.Text($"degraded: storing results fails since {fault.Since:O} ({fault.Error}); probing goes on, {writer.Queued} results waiting, {writer.Dropped} dropped")
                    : TypedResults.Text("ok");
            }
            catch (Exception exception) when (Probes.Storage.Database.Describe(exception) is { } problem)
            {
                // The database away (PostgreSQL restarted, the file taken): still 200. The pages are served from memory and
                // probing goes on; a balancer that took every node out now would take the public page down with the database.
                return TypedResults.Text($"degraded: the database cannot be reached ({problem}); pages are served from memory, probing goes on, {writer.Queued} results waiting, {writer.Dropped} dropped");
            }
        });
        return app;
    }
}
