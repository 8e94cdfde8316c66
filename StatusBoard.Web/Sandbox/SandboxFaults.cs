using System.Collections.Concurrent;

namespace StatusBoard.Web.Sandbox;

/// <summary>The faults switched on in the sandbox gateway, most specific first: region+endpoint, region, endpoint, all.</summary>
public sealed class SandboxFaults
{
    public static readonly IReadOnlyList<string> Endpoints = ["payments", "balance", "transfers", "topup", "signin"];

    private readonly ConcurrentDictionary<(string Region, string Endpoint), SandboxFaultSetting> _settings = new();

    /// <summary>
    /// Switches a fault on, or off with <c>none</c>: off for region <c>*</c> clears that endpoint in every region, off for
    /// endpoint <c>*</c> clears every endpoint of that region, so <c>*</c> / <c>*</c> / <c>none</c> clears everything.
    /// </summary>
    public void Set(SandboxFaultSetting setting)
    {
        if (setting.Fault == SandboxFault.None)
        {
            foreach (var key in _settings.Keys.Where(key => Covers(setting.Region, key.Region) && Covers(setting.Endpoint, key.Endpoint)).ToList())
            {
                _settings.TryRemove(key, out _);
            }
        }
        else
        {
            _settings[(setting.Region, setting.Endpoint)] = setting;
        }
    }

    private static bool Covers(string asked, string set) => asked == "*" || asked == set;

    public IReadOnlyList<SandboxFaultSetting> All =>
        _settings.Values.OrderBy(s => s.Region, StringComparer.Ordinal).ThenBy(s => s.Endpoint, StringComparer.Ordinal).ToList();

    public SandboxFaultSetting? For(string region, string endpoint) =>
        _settings.GetValueOrDefault((region, endpoint))
        ?? _settings.GetValueOrDefault((region, "*"))
        ?? _settings.GetValueOrDefault(("*", endpoint))
        ?? _settings.GetValueOrDefault(("*", "*"));
}
