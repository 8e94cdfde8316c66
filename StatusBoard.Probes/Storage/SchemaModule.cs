using System.Reflection;
using System.Text.RegularExpressions;

namespace StatusBoard.Probes.Storage;

/// <summary>
/// The tables one feature owns and the numbered scripts that make them: the engine's (probes, results, incidents…) in
/// <c>StatusBoard.Probes/Storage/Migrations</c>, and each web feature's beside its store (accounts, API keys, agents, the
/// key ring, subscribers). A module's scripts are embedded resources named <c>{assembly}.{Folder}.Sqlite.NNNN_name.sql</c>
/// and <c>….Postgres.NNNN_name.sql</c>, numbered on their own; the engine's run first, then the others in the order
/// they were registered, each recording what it applied (the engine in <c>schema_migrations</c>, the others in
/// <c>module_migrations</c>).
/// </summary>
public sealed partial record SchemaModule(string Name, Assembly Assembly, string Folder)
{
    /// <summary>The engine's own tables.</summary>
    public static SchemaModule Engine { get; } = new("engine", typeof(SchemaModule).Assembly, "Storage.Migrations");

    /// <summary>
    /// The engine script after which the engine no longer made other features' tables. A module's script that says
    /// <c>-- adopts engine NNNN…</c> is recorded without running on a database where engine script NNNN was applied
    /// before this one: that database has the tables already, made the old way.
    /// </summary>
    public const long HandOverVersion = 16;

    /// <summary>This module's scripts for <paramref name="provider"/>, in order.</summary>
    public IEnumerable<SchemaScript> Scripts(StorageProvider provider)
    {
        var marker = $".{Folder}.{provider}.";
        foreach (var resource in Assembly.GetManifestResourceNames()
            .Where(n => n.Contains(marker, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal))
        {
            var file = resource[(resource.IndexOf(marker, StringComparison.Ordinal) + marker.Length)..];
            var version = long.Parse(file[..file.IndexOf('_', StringComparison.Ordinal)], CultureInfo.InvariantCulture);
            using var reader = new StreamReader(Assembly.GetManifestResourceStream(resource)!);
            var sql = reader.ReadToEnd();
            var adopts = AdoptsLine().Match(sql) is { Success: true } match ? long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : (long?)null;
            yield return new SchemaScript(version, file, sql, adopts);
        }
    }

    [GeneratedRegex(@"^-- adopts engine (\d{4})", RegexOptions.Multiline)]
    private static partial Regex AdoptsLine();
}

/// <summary>One migration script: its number, file name, SQL, and the engine script that made its tables before the hand-over.</summary>
public sealed record SchemaScript(long Version, string Name, string Sql, long? AdoptsEngine);
