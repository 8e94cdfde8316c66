using StatusBoard.Web;

if (args is ["--help"] or ["-h"] or ["help"])
{
    Console.WriteLine(Commands.Usage);
    return 0;
}

if (Commands.Names(args))
{
    return await Commands.RunAsync(args);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddStatusBoard();

try
{
    var app = builder.Build();
    app.UseStatusBoard();
    await app.RunAsync();
}
catch (StatusBoard.Probes.Storage.MigrationException exception)
{
    await Console.Error.WriteLineAsync($"StatusBoard did not start: {exception.Message}");
    return 1;
}
catch (Microsoft.Extensions.Options.OptionsValidationException exception)
{
    // A setting is wrong: said on one line, naming it, before the database is touched.
    await Console.Error.WriteLineAsync($"StatusBoard did not start: {string.Join("; ", exception.Failures)} (--help for usage)");
    return 2;
}

return 0;

/// <summary>The entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
