using Microsoft.AspNetCore.Diagnostics;
using StatusBoard.Web.Accounts;

namespace StatusBoard.Web.Api;

/// <summary>
/// A program asking while the database cannot answer (locked past the busy timeout, missing, full, unreadable) gets a
/// 503 problem that says so, not a bare 500: it is StatusBoard's own storage, and trying again later is the right move.
/// Pages keep the error page; the public page is served from its snapshot meanwhile.
/// </summary>
public sealed class StorageUnavailable(ILogger<StorageUnavailable> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        // The middleware has already pointed the request at the error page: the path asked for is in the feature.
        var path = httpContext.Features.Get<IExceptionHandlerPathFeature>()?.Path ?? httpContext.Request.Path;
        if (!SignInSetup.IsForPrograms(path) || Probes.Storage.Database.Describe(exception) is not { } problem)
        {
            return false;
        }

        logger.LogError(exception, "The database could not answer {Method} {Path}", httpContext.Request.Method, path);
        httpContext.Response.Headers.RetryAfter = "5";
        await JsonBody.WriteProblemAsync(httpContext.Response, StatusCodes.Status503ServiceUnavailable, "Storage unavailable",
            $"StatusBoard's database cannot answer just now ({problem}); try again shortly.", cancellationToken);
        return true;
    }
}
