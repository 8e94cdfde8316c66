using Microsoft.Extensions.Hosting;

namespace StatusBoard.Probes.Storage;

/// <summary>
/// Brings the schema up to date before anything else starts: registered first, so a migration that fails (or a
/// database from a newer release) stops the start with <see cref="MigrationException"/> before any service has read
/// or written a table.
/// </summary>
public sealed class SchemaMigration(Database database) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => database.MigrateAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
