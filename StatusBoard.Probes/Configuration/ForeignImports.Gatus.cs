using System.Text.Json.Nodes;
using StatusBoard.Probes.Notifications;

namespace StatusBoard.Probes.Configuration;

/// <summary>Moving over from Gatus: its <c>endpoints:</c> become probes, its <c>alerting:</c> providers channels.</summary>
public static partial class ForeignImports
{
    /// <summary>A Gatus file's <c>endpoints:</c>: http(s) URLs and those of the kinds that import a scheme (tcp://, tls://, grpc://, grpcs://); the group names the component when one has that key; the <c>alerting:</c> providers they alert to become channels.</summary>
    public static ForeignImport FromGatus(JsonNode? file, string component, Func<string, bool> componentExists, IReadOnlyList<string> regions)
    {
        var probes = new List<ProbeDocument>();
        var skipped = new List<string>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var alerted = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var endpoint in file?["endpoints"]?.AsArray() ?? [])
        {
            var name = Text(endpoint?["name"]) ?? "endpoint";
            if (endpoint?["enabled"]?.GetValueKind() == JsonValueKind.False)
            {
                skipped.Add($"{name}: disabled in Gatus");
                continue;
            }

            var url = Text(endpoint?["url"]) ?? "";
            if (GatusGap(endpoint) is { } gap)
            {
                // One endpoint StatusBoard cannot watch as Gatus would does not fail the whole file.
                skipped.Add($"{name}: {gap}; the endpoint is not imported");
                continue;
            }

            var group = Text(endpoint?["group"]);
            var groupKey = group is null ? null : NotKey().Replace(group.ToLowerInvariant(), "-").Trim('-');
            var probe = new ProbeDocument
            {
                Key = Key((group is null ? "" : group + "-") + name, keys),
                Name = name.Length > 100 ? name[..100] : name,
                Component = groupKey is not null && componentExists(groupKey) ? groupKey : component,
                Regions = [.. regions],
                Interval = Text(endpoint?["interval"]) ?? "60s",
                Timeout = Text(endpoint?["client"]?["timeout"]) ?? "10s",
                Conditions = endpoint?["conditions"]?.AsArray().Select(Text).OfType<string>().ToList() ?? [],
            };
            if (url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            {
                probe.Kind = "http";
                probe.Request = new RequestDocument
                {
                    Method = Text(endpoint?["method"]) ?? "GET",
                    Url = url,
                    Headers = endpoint?["headers"]?.AsObject().ToDictionary(h => h.Key, h => Text(h.Value) ?? ""),
                    Body = Text(endpoint?["body"]),
                };
            }
            else if (Uri.TryCreate(url, UriKind.Absolute, out var address)
                && Kinds.ProbeKinds.All.FirstOrDefault(kind => kind.ImportSchemes.Contains(address.Scheme, StringComparer.OrdinalIgnoreCase)) is { } kind)
            {
                kind.Import(address, probe);
            }
            else
            {
                skipped.Add($"{name}: Gatus endpoints at '{url}' have no probe kind here");
                continue;
            }

            probes.Add(probe);
            foreach (var type in GatusAlertTypes(endpoint))
            {
                (alerted.TryGetValue(type, out var components) ? components : alerted[type] = new SortedSet<string>(StringComparer.Ordinal)).Add(probe.Component!);
            }
        }

        return new ForeignImport(new ConfigDocument { Probes = probes, NotificationChannels = GatusChannels(file?["alerting"] as JsonObject, alerted, skipped) }, skipped);
    }

    /// <summary>The alert types an endpoint sends to (Gatus's <c>alerts:</c>, without the disabled ones).</summary>
    private static IEnumerable<string> GatusAlertTypes(JsonNode? endpoint) =>
        (endpoint?["alerts"] as JsonArray ?? []).Where(a => a?["enabled"]?.GetValueKind() != JsonValueKind.False).Select(a => Text(a?["type"])).OfType<string>().Distinct(StringComparer.Ordinal);

    /// <summary>
    /// Gatus's <c>alerting:</c> providers that imported endpoints alert to, each as a channel of the type StatusBoard
    /// has, limited to the components of those endpoints (Gatus alerts per endpoint; StatusBoard routes per component).
    /// Providers with no type here, or configured without what they send with, are listed as skipped.
    /// </summary>
    private static List<ChannelOptions> GatusChannels(JsonObject? alerting, Dictionary<string, SortedSet<string>> alerted, List<string> skipped)
    {
        var channels = new List<ChannelOptions>();
        foreach (var (type, components) in alerted.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            var provider = alerting?[type] as JsonObject;
            string? Setting(string key) => Text(provider?[key]) is { Length: > 0 } value ? value : null;
            var name = "gatus-" + NotKey().Replace(type.ToLowerInvariant(), "-").Trim('-');
            ChannelOptions? channel = type switch
            {
                _ when provider is null => null,
                "slack" when Setting("webhook-url") is { } url => new ChannelOptions { Name = name, Type = "slack", Url = url },
                "discord" when Setting("webhook-url") is { } url => new ChannelOptions { Name = name, Type = "discord", Url = url },
                "teams" or "teams-workflows" when Setting("webhook-url") is { } url => new ChannelOptions { Name = name, Type = "teams", Url = url },
                "pagerduty" when Setting("integration-key") is { } key => new ChannelOptions { Name = name, Type = "pagerduty", RoutingKey = key },
                "opsgenie" when Setting("api-key") is { } key => new ChannelOptions { Name = name, Type = "opsgenie", ApiKey = key },
                "telegram" when Setting("token") is { } token && Setting("id") is { } chat => new ChannelOptions { Name = name, Type = "telegram", ApiKey = token, ChatId = chat, Url = Setting("api-url") },
                "custom" when Setting("url") is { } url => new ChannelOptions { Name = name, Type = "webhook", Url = url },
                "email" when Setting("to") is { } to => new ChannelOptions { Name = name, Type = "email", To = [.. to.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)] },
                _ => null,
            };
            var by = $"alerts of type '{type}' (used by {string.Join(", ", components)})";
            if (channel is null)
            {
                skipped.Add(provider is null ? $"{by}: there is no alerting.{type} section to read them from"
                    : GatusTypes.Contains(type) ? $"{by}: alerting.{type} lacks what it sends with; add the channel in /ops/channels"
                    : $"{by}: Gatus '{type}' alerts have no channel type here; add a channel in /ops/channels");
                continue;
            }

            if (type == "custom")
            {
                skipped.Add($"{by}: its own method, body and placeholders are not kept — StatusBoard posts its signed JSON event to the URL");
            }
            else if (type == "email")
            {
                skipped.Add($"{by}: its SMTP server is not imported — e-mail goes through StatusBoard:Notifications:Smtp");
            }

            channel.Components = [.. components];
            channels.Add(channel);
        }

        return channels;
    }

    /// <summary>Gatus's alerting providers that have a channel type here.</summary>
    private static readonly HashSet<string> GatusTypes = new(StringComparer.Ordinal) { "slack", "discord", "teams", "teams-workflows", "pagerduty", "opsgenie", "telegram", "custom", "email" };

    /// <summary>What a Gatus endpoint uses that StatusBoard has not: a condition it cannot evaluate, client certificates, GraphQL.</summary>
    private static string? GatusGap(JsonNode? endpoint)
    {
        foreach (var condition in endpoint?["conditions"]?.AsArray().Select(Text).OfType<string>() ?? [])
        {
            if (condition.Contains("[DOMAIN_EXPIRATION]", StringComparison.Ordinal))
            {
                return "Gatus's [DOMAIN_EXPIRATION] (a WHOIS lookup) has no condition here";
            }

            if (!Conditions.Condition.TryParse(condition, out _, out var error))
            {
                return $"the condition '{condition}' has no equivalent here ({error})";
            }
        }

        if (endpoint?["client"]?["tls"] is JsonObject tls && (tls["certificate-file"] is not null || tls["private-key-file"] is not null))
        {
            return "client certificates (client.tls) are not supported";
        }

        if (IsTrue(endpoint?["graphql"]))
        {
            return "GraphQL requests (graphql: true) are not supported; write the query as a POST body instead";
        }

        return null;
    }
}
