using System.Security.Cryptography;

namespace StatusBoard.Web.Accounts;

/// <summary>
/// The first admin, made when there are no users: <c>StatusBoard:Bootstrap:AdminEmail</c> (default admin@localhost)
/// with <c>StatusBoard:Bootstrap:AdminPassword</c>, or with a generated password printed once to the console.
/// </summary>
public sealed class BootstrapAdmin(UserStore store, UserAccounts accounts, IConfiguration configuration, ILogger<BootstrapAdmin> logger) : IHostedService
{
    public const string DefaultEmail = "admin@localhost";

    /// <summary>Where a generated password is printed: the console, which is not a log sink that keeps it.</summary>
    internal TextWriter Output { get; init; } = Console.Out;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (await store.CountAsync(cancellationToken) > 0)
        {
            return;
        }

        var email = configuration["StatusBoard:Bootstrap:AdminEmail"] is { Length: > 0 } configured ? configured.Trim() : DefaultEmail;
        var password = configuration["StatusBoard:Bootstrap:AdminPassword"];
        var generated = string.IsNullOrEmpty(password);
        if (generated)
        {
            password = RandomNumberGenerator.GetString("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 20);
        }

        var (user, errors) = await accounts.CreateAsync(email, "Administrator", Roles.Admin, password, cancellationToken);
        if (user is null)
        {
            throw new InvalidOperationException($"StatusBoard:Bootstrap:AdminEmail / AdminPassword cannot make the first admin: {errors}");
        }

        if (generated)
        {
            // Once, on the console only: the password is never logged to sinks that keep it.
            await Output.WriteLineAsync($"StatusBoard: first admin {email} created with password {password} — sign in at /signin and change it at /account/password.");
        }

        logger.LogInformation("First admin {Email} created", email);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
