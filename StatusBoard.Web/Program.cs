using StatusBoard.Web;

var builder = WebApplication.CreateBuilder(args);
builder.AddStatusBoard();

var app = builder.Build();
app.UseStatusBoard();
app.Run();

/// <summary>The entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
