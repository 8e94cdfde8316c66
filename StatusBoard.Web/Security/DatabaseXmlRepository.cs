using System.Xml.Linq;
using Dapper;
using Microsoft.AspNetCore.DataProtection.Repositories;
using StatusBoard.Probes.Storage;

namespace StatusBoard.Web.Security;

/// <summary>
/// The Data Protection key ring in StatusBoard's own database, so every web node of an installation reads the same
/// keys: a cookie signed by one node is read by another, and a probe secret encrypted by one is decrypted by all.
/// Keys are only ever added (Data Protection revokes by adding), each under its own name, so two nodes creating one
/// at once both keep theirs.
/// </summary>
public sealed class DatabaseXmlRepository(Database database, TimeProvider time) : IXmlRepository
{
    /// <summary>The tables of the Data Protection key ring: <c>Security/Migrations</c> beside this store.</summary>
    public static SchemaModule Schema { get; } = new("key-ring", typeof(DatabaseXmlRepository).Assembly, "Security.Migrations");

    // The interface is synchronous; the key ring is read at start and about once a day after.
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        database.MigrateAsync(CancellationToken.None).GetAwaiter().GetResult();
        using var connection = database.OpenAsync(CancellationToken.None).GetAwaiter().GetResult();
        return connection.Query<string>("SELECT xml FROM data_protection_keys ORDER BY created_at, name")
            .Select(xml => XElement.Parse(xml))
            .ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var connection = database.OpenAsync(CancellationToken.None).GetAwaiter().GetResult();
        connection.Execute(Insert, Row(friendlyName, element, time.GetUtcNow()));
    }

    /// <summary>Adds a key to the key ring table of another database (a backup's copy); 1 when it was not there yet.</summary>
    public static Task<int> AddToAsync(System.Data.Common.DbConnection copy, string name, XElement element, DateTimeOffset at, CancellationToken cancellationToken) =>
        copy.ExecuteAsync(new CommandDefinition(Insert, Row(name, element, at), cancellationToken: cancellationToken));

    private const string Insert = "INSERT INTO data_protection_keys (name, xml, created_at) VALUES (@name, @xml, @createdAt) ON CONFLICT (name) DO NOTHING";

    private static object Row(string name, XElement element, DateTimeOffset at) =>
        new { name, xml = element.ToString(SaveOptions.DisableFormatting), createdAt = at.ToUnixTimeMilliseconds() };
}
