using StatusBoard.Web;

if (Commands.Names(args))
{
    return await Commands.RunAsync(args);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddStatusBoard();

var app = builder.Build();
app.UseStatusBoard();
try
{
    await app.RunAsync();
}
catch (StatusBoard.Probes.Storage.MigrationException exception)
{
    await Console.Error.WriteLineAsync($"StatusBoard did not start: {exception.Message}");
    return 1;
}

return 0;

/// <summary>The entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
