namespace StatusBoard.Probes.Storage;

/// <summary>Where results live and for how long (<c>StatusBoard:Storage</c>, <c>ConnectionStrings:StatusBoard</c>).</summary>
public sealed class StorageOptions
{
    /// <summary><c>sqlite</c> (the embedded default) or <c>postgres</c>, which several web nodes can share.</summary>
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>
    /// The provider's connection string (also <c>ConnectionStrings:StatusBoard</c>): for SQLite by default
    /// <c>data/statusboard.db</c> under the working directory; for PostgreSQL Npgsql's form,
    /// <c>Host=db;Database=statusboard;Username=statusboard;Password=…</c>.
    /// </summary>
    public string ConnectionString { get; set; } = DefaultSqlite;

    public const string DefaultSqlite = "Data Source=data/statusboard.db";

    public TimeSpan RawRetention { get; set; } = TimeSpan.FromDays(7);

    public TimeSpan MinuteRetention { get; set; } = TimeSpan.FromDays(2);

    public TimeSpan HourRetention { get; set; } = TimeSpan.FromDays(90);

    /// <summary>How long the writer lets results gather before writing them in one transaction.</summary>
    public TimeSpan BatchWindow { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// How long a statement waits for a database another writer holds before it fails (and, for results, is tried
    /// again later while they wait in memory).
    /// </summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Most results written in one transaction.</summary>
    public int MaxBatch { get; set; } = 1000;

    /// <summary>
    /// Results kept in memory while the database cannot take them (locked, slow, disk full): probing goes on and they
    /// are written once it can. Beyond this many the oldest are dropped, and counted.
    /// </summary>
    public int BufferedResults { get; set; } = 100_000;
}
