using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using StatusBoard.Probes.Running;

namespace StatusBoard.Web.Sandbox;

/// <summary>
/// <c>{sandbox}</c> is this server's own loopback address, read from where Kestrel listens, so the demo works
/// whatever <c>--urls</c> says.
/// </summary>
public sealed class SandboxLocator(IServer server, SandboxOptions options) : ISandboxLocator
{
    public string? BaseAddress
    {
        get
        {
            if (!options.Enabled)
            {
                return null;
            }

            var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            var chosen = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) ?? addresses.FirstOrDefault();
            if (chosen is null)
            {
                return null;
            }

            var uri = new Uri(chosen.Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal));
            var host = uri.Host is "0.0.0.0" or "[::]" or "::" or "localhost" ? "127.0.0.1" : uri.Host;
            return $"{uri.Scheme}://{(host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('[') ? $"[{host}]" : host)}:{uri.Port}/sandbox";
        }
    }
}

/// <summary><c>StatusBoard:Sandbox</c>: the built-in wallet gateway, on by default for the demo.</summary>
public sealed class SandboxOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>How long after creation a sandbox payment settles.</summary>
    public TimeSpan SettleAfter { get; set; } = TimeSpan.FromMilliseconds(300);
}
