using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace StatusBoard.Tests.Support;

/// <summary>Probe targets that misbehave on purpose, for loopback servers in tests.</summary>
internal static class HostileEndpoints
{
    /// <summary>64 MB of zeros, gzipped to about 64 KB once for all tests.</summary>
    public static readonly Lazy<byte[]> Bomb = new(() =>
    {
        using var compressed = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < 64; i++)
            {
                gzip.Write(zeros);
            }
        }

        return compressed.ToArray();
    });

    /// <summary>
    /// <c>/trickle</c>: one byte a second for a minute. <c>/huge</c>: 50 MB as fast as the client reads.
    /// <c>/gigabyte</c>: a declared gigabyte. <c>/gzip-bomb</c>: 64 MB of zeros as 64 KB of gzip. <c>/endless</c>: chunks
    /// until the client leaves. <c>/headers</c>: ten thousand headers. <c>/loop</c>: a redirect to itself.
    /// </summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/gigabyte", async (HttpContext http) =>
        {
            var chunk = new byte[64 * 1024];
            http.Response.ContentLength = 1L << 30;
            for (long sent = 0; sent < 1L << 30 && !http.RequestAborted.IsCancellationRequested; sent += chunk.Length)
            {
                await http.Response.Body.WriteAsync(chunk, http.RequestAborted);
            }
        });
        app.MapGet("/gzip-bomb", (HttpContext http) =>
        {
            http.Response.Headers.ContentEncoding = "gzip";
            return Results.Bytes(Bomb.Value, "application/json");
        });
        app.MapGet("/endless", async (HttpContext http) =>
        {
            var chunk = "{\"status\":\"ok\"}"u8.ToArray();
            while (!http.RequestAborted.IsCancellationRequested)
            {
                await http.Response.Body.WriteAsync(chunk, http.RequestAborted);
                await http.Response.Body.FlushAsync(http.RequestAborted);
            }
        });
        app.MapGet("/headers", (HttpContext http) =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                http.Response.Headers[$"X-Flood-{i}"] = "flood";
            }

            return Results.Text("ok");
        });
        app.MapGet("/loop", () => Results.Redirect("/loop"));
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
