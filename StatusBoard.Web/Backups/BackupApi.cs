using StatusBoard.Web.Accounts;
using StatusBoard.Web.Api;

namespace StatusBoard.Web.Backups;

/// <summary>
/// <c>GET /api/v1/backup</c> (admin): the whole installation as one SQLite file, taken while probes keep writing
/// (<see cref="Backups"/>). On PostgreSQL: 409 with how to back it up with <c>pg_dump</c>.
/// </summary>
public static class BackupApi
{
    public static IServiceCollection AddBackups(this IServiceCollection services) => services.AddSingleton<Backups>();

    public static IEndpointRouteBuilder MapBackupApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/backup", async (HttpContext http, Backups backups, Probes.Storage.Database database) =>
        {
            if (backups.Advice is { } advice)
            {
                return JsonBody.Problem(StatusCodes.Status409Conflict, "Back up PostgreSQL with pg_dump", advice);
            }

            // Written beside the database (the disk that has room for it), then unlinked and handed out from the open handle.
            var sqlite = (Probes.Storage.SqliteDatabase)database;
            var folder = Path.GetDirectoryName(sqlite.Path) ?? Path.GetTempPath();
            var temporary = Path.Combine(folder, $".backup-{Guid.NewGuid():N}.db");
            try
            {
                await backups.TakeAsync(temporary, http.RequestAborted);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                return JsonBody.Problem(StatusCodes.Status507InsufficientStorage, "The copy could not be written",
                    $"The backup is made beside the database ({folder}) before it is sent, and that failed: {exception.Message}. Nothing was kept.");
            }
            catch (InvalidOperationException exception)
            {
                return JsonBody.Problem(StatusCodes.Status500InternalServerError, "The copy failed its check", $"{exception.Message}. Nothing was kept; the live database is as it was.");
            }

            var copy = new FileStream(temporary, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 81920,
                FileOptions.Asynchronous | FileOptions.DeleteOnClose | FileOptions.SequentialScan);
            // The open handle keeps the bytes readable; the name goes now, so nothing is left beside the database while
            // the answer is sent, nor if the process ends before it is.
            File.Delete(temporary);
            http.Response.Headers.CacheControl = "no-store";
            return Results.Stream(copy, "application/vnd.sqlite3", backups.FileName());
        }).WithTags("Backups").RequireAuthorization(Roles.Admin)
            .Produces<byte[]>(StatusCodes.Status200OK, "application/vnd.sqlite3").ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status507InsufficientStorage);
        return app;
    }
}
