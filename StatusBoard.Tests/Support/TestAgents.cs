using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StatusBoard.Probes.Agent;

namespace StatusBoard.Tests.Support;

/// <summary>A remote agent for sg in this test's process, as <c>StatusBoard.Probes</c> would run it, quick to pull and deliver.</summary>
internal static class TestAgents
{
    /// <summary>
    /// An agent host for <paramref name="server"/> with its buffer in <paramref name="directory"/>; <paramref name="settings"/>
    /// (keys under <c>StatusBoard:Agent:</c>) change the defaults; <paramref name="clock"/> replaces the machine's clock.
    /// </summary>
    public static IHost Host(string directory, string server, string key, IDictionary<string, string?>? settings = null, TimeProvider? clock = null,
        Microsoft.Extensions.Logging.Testing.FakeLogCollector? log = null)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ContentRootPath = directory });
        var configuration = new Dictionary<string, string?>
        {
            ["Server"] = server,
            ["Region"] = "sg",
            ["Key"] = key,
            ["BufferPath"] = Path.Combine(directory, "buffer.db"),
            ["HeartbeatInterval"] = "00:00:10",
            ["MaxBufferedResults"] = "100000",
            ["PullInterval"] = "00:00:02",
            ["DeliverInterval"] = "00:00:00.200",
        };
        foreach (var (name, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[name] = value;
        }

        builder.Configuration.AddInMemoryCollection(configuration.Select(pair => KeyValuePair.Create($"StatusBoard:Agent:{pair.Key}", pair.Value)));
        if (clock is not null)
        {
            builder.Services.AddSingleton(clock);
        }

        if (log is not null)
        {
            builder.Logging.AddProvider(new Microsoft.Extensions.Logging.Testing.FakeLoggerProvider(log));
        }

        builder.Services.AddStatusBoardAgent(builder.Configuration);
        return builder.Build();
    }
}
