using StatusBoard.Web;

if (Commands.Names(args))
{
    return await Commands.RunAsync(args);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddStatusBoard();

var app = builder.Build();
app.UseStatusBoard();
await app.RunAsync();
return 0;

/// <summary>The entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
