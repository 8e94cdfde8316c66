using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace StatusBoard.Tests.Support;

/// <summary>Probe targets that misbehave on purpose, for loopback servers in tests.</summary>
internal static class HostileEndpoints
{
    /// <summary><c>/trickle</c>: one byte a second for a minute. <c>/huge</c>: 50 MB as fast as the client reads.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/trickle", async (HttpContext http) =>
        {
            await http.Response.StartAsync(http.RequestAborted);
            for (var i = 0; i < 60 && !http.RequestAborted.IsCancellationRequested; i++)
            {
                await http.Response.Body.WriteAsync("x"u8.ToArray(), http.RequestAborted);
                await http.Response.Body.FlushAsync(http.RequestAborted);
                await Task.Delay(TimeSpan.FromSeconds(1), http.RequestAborted);
            }
        });
        app.MapGet("/huge", async (HttpContext http) =>
        {
            var chunk = new byte[64 * 1024];
            Array.Fill(chunk, (byte)'a');
            http.Response.ContentLength = 50L * 1024 * 1024;
            for (var i = 0; i < 800 && !http.RequestAborted.IsCancellationRequested; i++)
            {
                await http.Response.Body.WriteAsync(chunk, http.RequestAborted);
            }
        });
    }
}
