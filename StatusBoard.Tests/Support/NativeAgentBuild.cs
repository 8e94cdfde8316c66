namespace StatusBoard.Tests.Support;

/// <summary>
/// <c>dotnet publish StatusBoard.Probes</c> as the README tells people to run it — Native AOT, one executable and SQLite's library — done once
/// per test run (later runs are incremental) into this test build's output.
/// </summary>
internal static class NativeAgentBuild
{
    private static readonly Lazy<Task<string>> Published = new(PublishAsync);

    /// <summary>The published directory; its one executable is <c>StatusBoard.Probes</c>.</summary>
    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "native-agent");

    public static Task<string> BinaryAsync() => Published.Value;

    private static async Task<string> PublishAsync()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "StatusBoard.sln")))
        {
            root = root.Parent;
        }

        Assert.NotNull(root);
        var project = Path.Combine(root.FullName, "StatusBoard.Probes");
        var (exitCode, output, error) = await Processes.RunAsync("dotnet", ["publish", project, "-c", "Release", "-o", Directory, "--nologo", "-v", "quiet"],
            TimeSpan.FromMinutes(8), project);
        Assert.True(exitCode == 0, $"dotnet publish StatusBoard.Probes exited {exitCode}:\n{output}\n{error}");
        var binary = Path.Combine(Directory, "StatusBoard.Probes");
        Assert.True(File.Exists(binary), $"no {binary} after the publish:\n{output}");
        return binary;
    }
}
