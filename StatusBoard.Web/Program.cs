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

// A wrong setting or a migration that cannot run stops the start with one line, not a stack trace. Said from here,
// where the process ends, so that a test host that starts the app still sees the exception itself.
AppDomain.CurrentDomain.UnhandledException += (_, failure) => Commands.ExitOnStartFailure(failure.ExceptionObject as Exception);

var builder = WebApplication.CreateBuilder(args);
builder.AddStatusBoard();
var app = builder.Build();
app.UseStatusBoard();
await app.RunAsync();
return 0;

/// <summary>The entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
