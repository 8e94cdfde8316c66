using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;

namespace StatusBoard.Web.Security;

/// <summary>
/// Probe secrets encrypted with ASP.NET Core Data Protection. The key ring is kept in
/// <c>StatusBoard:DataProtection:KeysDirectory</c> when set; otherwise on PostgreSQL in the database, which every web
/// node shares, and on SQLite in <c>keys</c> beside the file (and, in a restored backup, in the copy itself). So secrets, sign-in cookies and antiforgery tokens outlive
/// restarts; lose the keys and the stored secrets are lost with them.
/// </summary>
public sealed class DataProtectionSecrets(IDataProtectionProvider provider) : ISecretProtector
{
    private readonly IDataProtector _protector = provider.CreateProtector("StatusBoard.ProbeSecrets.v1");

    public string Protect(string value) => _protector.Protect(value);

    public string Unprotect(string value) => _protector.Unprotect(value);
}

/// <summary>Registers Data Protection with its key ring beside the database, and the probe secrets' protector.</summary>
public static class SecretProtection
{
    public static IServiceCollection AddSecretProtection(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName("StatusBoard");
        // Read when the key ring is first used, not now: hosts and tests add configuration after registration.
        services.AddOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>().Configure<IServiceProvider>((options, provider) =>
        {
            var current = provider.GetRequiredService<IConfiguration>();
            var database = provider.GetRequiredService<Probes.Storage.Database>();
            var inDatabase = new DatabaseXmlRepository(database, provider.GetRequiredService<TimeProvider>());
            Microsoft.AspNetCore.DataProtection.Repositories.IXmlRepository Files() =>
                new Microsoft.AspNetCore.DataProtection.Repositories.FileSystemXmlRepository(new DirectoryInfo(KeysDirectory(current)), provider.GetRequiredService<ILoggerFactory>());
            options.XmlRepository = !database.Shared ? new BackupKeyRing(Files(), inDatabase)
                : current["StatusBoard:DataProtection:KeysDirectory"] is { Length: > 0 } ? Files()
                : inDatabase;
        });
        services.AddSingleton<ISecretProtector, DataProtectionSecrets>();
        return services;
    }

    /// <summary>The configured folder, or <c>keys</c> beside the database file.</summary>
    public static string KeysDirectory(IConfiguration configuration)
    {
        if (configuration["StatusBoard:DataProtection:KeysDirectory"] is { Length: > 0 } configured)
        {
            return Path.GetFullPath(configured);
        }

        var source = new SqliteConnectionStringBuilder(configuration.GetConnectionString("StatusBoard") ?? "Data Source=data/statusboard.db").DataSource;
        var folder = string.IsNullOrEmpty(source) || source == ":memory:" ? "data" : Path.GetDirectoryName(Path.GetFullPath(source)) ?? "data";
        return Path.Combine(folder, "keys");
    }
}
