namespace StatusBoard.Web;

/// <summary>
/// What the web app does besides serving, named by its first argument: <c>backup --to &lt;file&gt;</c>. The rest of
/// the arguments are configuration, as when serving, so a command sees the installation the server sees.
/// </summary>
public static class Commands
{
    public const string Usage = """
        usage: StatusBoard.Web [--urls http://0.0.0.0:8080] [--<setting>=<value> …]
               StatusBoard.Web backup --to <file> [--<setting>=<value> …]

        Serves the public status page at /, the on-call dashboard at /ops and the APIs, and runs the probes, with the
        settings of appsettings.json, environment variables (StatusBoard__Probes__0__key) and the command line
        (--StatusBoard:Storage:Provider=postgres). Every setting is in the README's Configuration table.
          backup --to <file>   writes a consistent copy of the SQLite database, with its key ring, to <file>
        Exit codes: 0 stopped or done, 1 failed (the database, a migration, a backup), 2 a setting or option is wrong.
        """;

    public const string BackupUsage = "usage: StatusBoard.Web backup --to <file> [configuration, e.g. --ConnectionStrings:StatusBoard=\"Data Source=data/statusboard.db\"]";

    /// <summary>
    /// Ends the process with one line and its exit code when the start failed for a reason an operator fixes: a wrong
    /// setting (2, named) or a migration that could not run (1, named). Anything else is left to the runtime.
    /// </summary>
    public static void ExitOnStartFailure(Exception? exception)
    {
        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            switch (inner)
            {
                case Microsoft.Extensions.Options.OptionsValidationException invalid:
                    Console.Error.WriteLine($"StatusBoard did not start: {string.Join("; ", invalid.Failures)} (--help for usage)");
                    Environment.Exit(2);
                    return;
                case Probes.Storage.MigrationException migration:
                    Console.Error.WriteLine($"StatusBoard did not start: {migration.Message}");
                    Environment.Exit(1);
                    return;
            }
        }
    }

    /// <summary>Whether <paramref name="args"/> name a command rather than configuration for serving.</summary>
    public static bool Names(string[] args) => args is ["backup", ..];

    /// <summary>Runs the command; the process's exit code (0 done, 1 failed, 2 wrong usage).</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var rest = args[1..].ToList();
        var at = rest.FindIndex(a => a is "--to" or "-o");
        if (at < 0 || at + 1 >= rest.Count || rest[at + 1].StartsWith('-'))
        {
            await Console.Error.WriteLineAsync(BackupUsage);
            return 2;
        }

        var destination = rest[at + 1];
        rest.RemoveRange(at, 2);
        var builder = WebApplication.CreateBuilder([.. rest, "--Logging:LogLevel:Default=Warning"]);
        builder.AddStatusBoard();
        await using var app = builder.Build();
        var backups = app.Services.GetRequiredService<Backups.Backups>();
        if (backups.Advice is { } advice)
        {
            await Console.Error.WriteLineAsync(advice);
            return 1;
        }

        try
        {
            var taken = await backups.TakeAsync(destination, CancellationToken.None);
            Console.WriteLine($"Backed up to {taken.Path}: {taken.Bytes:N0} bytes, integrity ok, the key ring ({taken.Keys} {(taken.Keys == 1 ? "key" : "keys")}) inside, in {taken.Elapsed.TotalSeconds:0.0} s. Restore: start StatusBoard on the copy.");
            return 0;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or InvalidOperationException or Microsoft.Data.Sqlite.SqliteException)
        {
            await Console.Error.WriteLineAsync($"The backup failed, nothing was written to {destination}: {exception.Message}");
            return 1;
        }
    }
}
