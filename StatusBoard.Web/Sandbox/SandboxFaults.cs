using System.Collections.Concurrent;

namespace StatusBoard.Web.Sandbox;

/// <summary>The faults switched on in the sandbox gateway, most specific first: region+endpoint, region, endpoint, all.</summary>
public sealed class SandboxFaults
{
    public static readonly IReadOnlyList<string> Endpoints = ["payments", "balance", "transfers", "topup", "signin"];

    private readonly ConcurrentDictionary<(string Region, string Endpoint), SandboxFaultSetting> _settings = new();

    public void Set(SandboxFaultSetting setting)
    {
        if (setting.Fault == SandboxFault.None)
        {
            _settings.TryRemove((setting.Region, setting.Endpoint), out _);
        }
        else
        {
            _settings[(setting.Region, setting.Endpoint)] = setting;
        }
    }

    public IReadOnlyList<SandboxFaultSetting> All =>
        _settings.Values.OrderBy(s => s.Region, StringComparer.Ordinal).ThenBy(s => s.Endpoint, StringComparer.Ordinal).ToList();

    public SandboxFaultSetting? For(string region, string endpoint) =>
        _settings.GetValueOrDefault((region, endpoint))
        ?? _settings.GetValueOrDefault((region, "*"))
        ?? _settings.GetValueOrDefault(("*", endpoint))
        ?? _settings.GetValueOrDefault(("*", "*"));
}
