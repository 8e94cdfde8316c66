using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Data.Sqlite;
using StatusBoard.Probes.Storage;

namespace StatusBoard.Web.Backups;

/// <summary>
/// A consistent copy of the whole installation in one file, taken while probes keep writing: the SQLite database
/// (SQLite's online backup, one read snapshot, writers never blocked) with the Data Protection key ring written into
/// it, so a copy restored anywhere still decrypts its probe secrets and its users stay signed in. Restore: start
/// StatusBoard on the copy. On PostgreSQL the database is the server's to copy: <see cref="Advice"/> says how.
/// One copy is taken at a time.
/// </summary>
public sealed class Backups(Database database, IOptions<KeyManagementOptions> keys, TimeProvider time, ILogger<Backups> logger) : IDisposable
{
    private readonly SemaphoreSlim _one = new(1, 1);

    /// <summary>How to back up this installation instead, when it is not one file (PostgreSQL); null on SQLite.</summary>
    public string? Advice => database is PostgresDatabase postgres ? PostgresAdvice(postgres.Target) : null;

    public void Dispose() => _one.Dispose();

    /// <summary>A name for a copy taken now, e.g. <c>statusboard-20261201-161500.db</c>.</summary>
    public string FileName() => $"statusboard-{time.GetUtcNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}.db";

    /// <summary>
    /// Writes the copy to <paramref name="destination"/>: first beside it under a temporary name, then renamed, so the
    /// destination is either the whole checked copy or what it was before.
    /// </summary>
    public async Task<BackupTaken> TakeAsync(string destination, CancellationToken cancellationToken)
    {
        if (database is not SqliteDatabase sqlite)
        {
            throw new InvalidOperationException(Advice);
        }

        if (!sqlite.Exists)
        {
            throw new FileNotFoundException($"There is no database at {sqlite.Path} to back up.", sqlite.Path);
        }

        destination = Path.GetFullPath(destination);
        var partial = $"{destination}.{Guid.NewGuid():N}.partial";
        var started = time.GetTimestamp();
        await _one.WaitAsync(cancellationToken);
        try
        {
            var added = 0;
            await sqlite.BackupToAsync(partial, async (copy, ct) => added = await AddKeyRingAsync(copy, ct), cancellationToken);
            File.Move(partial, destination, overwrite: true);
            var taken = new BackupTaken(destination, new FileInfo(destination).Length, added, time.GetElapsedTime(started));
            logger.LogInformation("Backed up {Database} to {Destination}: {Bytes} bytes, {Keys} keys, {Elapsed} ms",
                sqlite.Path, destination, taken.Bytes, added, (long)taken.Elapsed.TotalMilliseconds);
            return taken;
        }
        finally
        {
            File.Delete(partial);
            _one.Release();
        }
    }

    /// <summary>The key ring's keys into the copy's <c>data_protection_keys</c>, where <see cref="Security.BackupKeyRing"/> finds them.</summary>
    private async Task<int> AddKeyRingAsync(SqliteConnection copy, CancellationToken cancellationToken)
    {
        if (keys.Value.XmlRepository is null)
        {
            return 0;
        }

        var added = 0;
        foreach (var element in keys.Value.XmlRepository.GetAllElements())
        {
            var name = $"key-{element.Attribute("id")?.Value ?? Guid.NewGuid().ToString()}";
            added += await Security.DatabaseXmlRepository.AddToAsync(copy, name, element, time.GetUtcNow(), cancellationToken);
        }

        return added;
    }

    private static string PostgresAdvice(string target) =>
        $"StatusBoard keeps its data in PostgreSQL ({target}), which copies itself better than StatusBoard could: " +
        "back it up with pg_dump (e.g. pg_dump --format=custom --file=statusboard.dump, with the connection's host, " +
        "database, user and schema), restore with pg_restore into an empty database and start StatusBoard on it. " +
        "The key ring is in the database unless StatusBoard:DataProtection:KeysDirectory is set; then copy that folder too. " +
        "See docs/deployment.md, Backups.";
}

/// <summary>A copy written: where, how large, how many keys of the key ring it carries, how long it took.</summary>
public sealed record BackupTaken(string Path, long Bytes, int Keys, TimeSpan Elapsed);
