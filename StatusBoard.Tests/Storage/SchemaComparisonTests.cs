using Dapper;
using Npgsql;
using StatusBoard.Probes.Storage;

namespace StatusBoard.Tests.Storage;

/// <summary>
/// The SQLite and PostgreSQL schemas after every migration: the same tables, the same columns of the same type family,
/// the same primary keys and the same indexes (by the columns they cover), so the two providers cannot drift.
/// </summary>
public sealed class SchemaComparisonTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AfterMigration_BothProvidersHaveTheSameSchema()
    {
        var sqlite = await SqliteSchemaAsync();
        var postgres = await PostgresSchemaAsync();

        // Every table of both, the engine's and the web features' alike (the comparison is of something).
        Assert.Contains("results", sqlite.Keys);
        Assert.Contains("module_migrations", sqlite.Keys);
        Assert.All(["users", "sessions", "api_keys", "agent_keys", "agent_heartbeats", "data_protection_keys", "subscribers"], table => Assert.Contains(table, sqlite.Keys));
        Assert.True(sqlite.Values.Sum(t => t.Indexes.Count) >= 10, $"only {sqlite.Values.Sum(t => t.Indexes.Count)} indexes read from SQLite");
        Assert.Equal(sqlite.Keys.Order(StringComparer.Ordinal), postgres.Keys.Order(StringComparer.Ordinal));
        foreach (var table in sqlite.Keys)
        {
            Assert.Equal(Describe(table, sqlite[table]), Describe(table, postgres[table]));
        }
    }

    private static string Describe(string table, Table shape) =>
        $"{table}\ncolumns: {string.Join(", ", shape.Columns.Order(StringComparer.Ordinal))}\nkey: {string.Join(", ", shape.Key)}\nindexes: {string.Join("; ", shape.Indexes.Order(StringComparer.Ordinal))}";

    private static async Task<Dictionary<string, Table>> SqliteSchemaAsync()
    {
        await using var test = await TestDatabase.CreateAsync(StorageProvider.Sqlite);
        await using var connection = await test.Database.OpenAsync(Ct);
        return await SqliteSchemaAsync(connection);
    }

    /// <summary>Each table of a SQLite database, described as <see cref="AfterMigration_BothProvidersHaveTheSameSchema"/> compares them.</summary>
    internal static async Task<Dictionary<string, string>> DescribeSqliteAsync(System.Data.Common.DbConnection connection) =>
        (await SqliteSchemaAsync(connection)).ToDictionary(table => table.Key, table => Describe(table.Key, table.Value), StringComparer.Ordinal);

    private static async Task<Dictionary<string, Table>> SqliteSchemaAsync(System.Data.Common.DbConnection connection)
    {
        var tables = new Dictionary<string, Table>(StringComparer.Ordinal);
        foreach (var name in await connection.QueryAsync<string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"))
        {
            var columns = (await connection.QueryAsync<(long Cid, string Name, string Type, long NotNull, string? Default, long Pk)>($"PRAGMA table_info(\"{name}\")")).ToList();
            var indexes = new List<string>();
            foreach (var index in await connection.QueryAsync<(long Seq, string Name, long Unique, string Origin, long Partial)>($"PRAGMA index_list(\"{name}\")"))
            {
                if (index.Origin == "c")
                {
                    var covered = await connection.QueryAsync<(long Seqno, long Cid, string Name)>($"PRAGMA index_info(\"{index.Name}\")");
                    indexes.Add(Index(index.Unique != 0, covered.Select(c => c.Name)));
                }
            }

            tables[name] = new Table(
                [.. columns.Select(c => $"{c.Name} {Family(c.Type)}")],
                [.. columns.Where(c => c.Pk > 0).OrderBy(c => c.Pk).Select(c => c.Name)],
                indexes);
        }

        return tables;
    }

    private static async Task<Dictionary<string, Table>> PostgresSchemaAsync()
    {
        await using var test = await TestDatabase.CreateAsync(StorageProvider.Postgres);
        var connectionString = test.ConnectionString;
        var schema = new NpgsqlConnectionStringBuilder(connectionString).SearchPath!;
        await using var connection = new NpgsqlConnection(connectionString);
        var columns = await connection.QueryAsync<(string Table, string Column, string Type)>(
            "SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = @schema ORDER BY table_name, ordinal_position", new { schema });
        var keys = await connection.QueryAsync<(string Table, string Column)>(
            """
            SELECT tc.table_name, kcu.column_name FROM information_schema.table_constraints tc
            JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = tc.constraint_name AND kcu.table_schema = tc.table_schema
            WHERE tc.table_schema = @schema AND tc.constraint_type = 'PRIMARY KEY' ORDER BY tc.table_name, kcu.ordinal_position
            """, new { schema });
        // Indexes created by CREATE INDEX, not those behind a primary key or a UNIQUE constraint (SQLite's automatic ones).
        var indexes = await connection.QueryAsync<(string Table, bool Unique, string Columns)>(
            """
            SELECT t.relname, ix.indisunique, string_agg(a.attname, ',' ORDER BY k.ordinality)
            FROM pg_index ix
            JOIN pg_class i ON i.oid = ix.indexrelid
            JOIN pg_class t ON t.oid = ix.indrelid
            JOIN pg_namespace n ON n.oid = t.relnamespace
            CROSS JOIN LATERAL unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ordinality)
            JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
            WHERE n.nspname = @schema AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = ix.indexrelid)
            GROUP BY t.relname, i.relname, ix.indisunique
            """, new { schema });
        return columns.GroupBy(c => c.Table, StringComparer.Ordinal).ToDictionary(
            table => table.Key,
            table => new Table(
                [.. table.Select(c => $"{c.Column} {Family(c.Type)}")],
                [.. keys.Where(k => k.Table == table.Key).Select(k => k.Column)],
                [.. indexes.Where(i => i.Table == table.Key).Select(i => Index(i.Unique, i.Columns.Split(',')))]),
            StringComparer.Ordinal);
    }

    private static string Index(bool unique, IEnumerable<string> columns) => $"{(unique ? "unique " : "")}({string.Join(",", columns)})";

    /// <summary>The family a declared type belongs to, as both providers store it: integers, text, reals, bytes.</summary>
    private static string Family(string type)
    {
        var lower = type.ToLowerInvariant();
        return lower switch
        {
            _ when lower.Contains("int", StringComparison.Ordinal) || lower is "boolean" => "integer",
            _ when lower.Contains("char", StringComparison.Ordinal) || lower.Contains("text", StringComparison.Ordinal) || lower.Contains("json", StringComparison.Ordinal) => "text",
            _ when lower.Contains("real", StringComparison.Ordinal) || lower.Contains("double", StringComparison.Ordinal) || lower.Contains("numeric", StringComparison.Ordinal) => "real",
            _ when lower.Contains("blob", StringComparison.Ordinal) || lower.Contains("bytea", StringComparison.Ordinal) => "bytes",
            _ => lower,
        };
    }

    private sealed record Table(List<string> Columns, List<string> Key, List<string> Indexes);
}
