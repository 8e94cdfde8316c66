using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using StatusBoard.Probes.Notifications;

namespace StatusBoard.Probes.Configuration;

/// <summary>What a foreign file became: a document to import, and what could not come over, with why; or why the file is not one.</summary>
public sealed record ForeignImport(ConfigDocument? Document, IReadOnlyList<string> Skipped, string? Error = null);

/// <summary>
/// Moves teams over from Uptime Kuma (the HTTP, keyword and port monitors of a JSON backup) and Gatus (an
/// <c>endpoints:</c> file): each becomes a probe of the given component in the given regions, checked and applied by
/// the same import as StatusBoard's own documents. What a monitor meant comes over with it — inverted, paused,
/// accepted ranges, basic auth — and what cannot is listed with why, never silently changed.
/// </summary>
public static partial class ForeignImports
{
    [GeneratedRegex("[^a-z0-9]+", RegexOptions.CultureInvariant)]
    private static partial Regex NotKey();

    public static ForeignImport FromKuma(JsonNode? backup, string component, IReadOnlyList<string> regions)
    {
        if (backup is not JsonObject || backup["monitorList"] is not JsonArray monitors)
        {
            return new ForeignImport(null, [], "This is not an Uptime Kuma backup: it has no \"monitorList\" (Settings → Backup → Export in Uptime Kuma 1.23 writes one).");
        }

        var probes = new List<ProbeDocument>();
        var paused = new List<string>();
        var skipped = new List<string>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var channels = KumaChannels(backup["notificationList"] as JsonArray, skipped);
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var monitor in monitors)
        {
            var name = Text(monitor?["name"]) ?? "monitor";
            var type = Text(monitor?["type"]) ?? "http";
            var interval = Math.Max(10, Number(monitor?["interval"]) ?? 60);
            var timeout = Math.Clamp(Number(monitor?["timeout"]) is { } t and > 0 ? t : interval * 0.8, 1, Math.Min(30, interval - 1));
            var probe = new ProbeDocument
            {
                Key = Key(name, keys),
                Name = name.Length > 100 ? name[..100] : name,
                Component = component,
                Regions = [.. regions],
                Interval = $"{interval:0}s",
                Timeout = $"{timeout:0}s",
                Retries = (int)Math.Clamp(Number(monitor?["maxretries"]) ?? 0, 0, 3),
                // Kuma's "upside down mode": the monitor is up while its check fails.
                Invert = IsTrue(monitor?["upsideDown"]) ? true : null,
            };
            switch (type)
            {
                case "http" or "keyword":
                    probe.Kind = "http";
                    probe.Request = new RequestDocument
                    {
                        Method = Text(monitor?["method"]) ?? "GET",
                        Url = Text(monitor?["url"]),
                        Headers = Headers(Text(monitor?["headers"])),
                        Body = string.IsNullOrEmpty(Text(monitor?["body"])) ? null : Text(monitor?["body"]),
                    };
                    if (!Authorize(monitor, probe.Request, name, skipped))
                    {
                        continue;
                    }

                    probe.Conditions = StatusConditions(monitor?["accepted_statuscodes"]?.AsArray().Select(Text).OfType<string>().ToList() ?? ["200-299"]);
                    if (type == "keyword" && Text(monitor?["keyword"]) is { Length: > 0 } keyword)
                    {
                        if (IsTrue(monitor?["invertKeyword"]))
                        {
                            skipped.Add($"{name}: the inverted keyword check ('{keyword}' must be absent) has no condition here; add it by hand");
                        }
                        else
                        {
                            probe.Conditions.Add($"[BODY] contains {JsonSerializer.Serialize(keyword)}");
                        }
                    }

                    if (IsTrue(monitor?["ignoreTls"]))
                    {
                        skipped.Add($"{name}: 'ignore TLS errors' is not kept — StatusBoard always checks certificates, so an invalid one fails the probe as a network failure (trust a company CA with StatusBoard:Probes:Http:TrustedCertificates)");
                    }

                    if (Number(monitor?["maxredirects"]) is { } redirects && redirects != 10)
                    {
                        skipped.Add($"{name}: 'max redirects' ({redirects:0}) is not kept — StatusBoard follows redirects as the wallet app's HTTP client does");
                    }

                    break;
                case "port":
                    probe.Kind = "tcp";
                    probe.Target = $"{Text(monitor?["hostname"])}:{Number(monitor?["port"]) ?? 0:0}";
                    probe.Conditions = ["[CONNECTED] == true"];
                    break;
                default:
                    skipped.Add($"{name}: Uptime Kuma '{type}' monitors have no probe kind here");
                    continue;
            }

            if (monitor?["active"] is { } active && !IsTrue(active))
            {
                paused.Add(probe.Key);
            }

            foreach (var id in (monitor?["notificationIDList"] as JsonObject ?? []).Where(n => IsTrue(n.Value)).Select(n => n.Key))
            {
                if (channels.ContainsKey(id))
                {
                    used.Add(id);
                }
            }

            probes.Add(probe);
        }

        // A channel comes over when a monitor that came over used it.
        return new ForeignImport(new ConfigDocument { Probes = probes, Paused = paused, NotificationChannels = [.. channels.Where(c => used.Contains(c.Key)).Select(c => c.Value)] }, skipped);
    }

    /// <summary>Kuma's notification types that have a channel type here.</summary>
    private static readonly HashSet<string> KumaTypes = new(StringComparer.Ordinal) { "slack", "webhook", "smtp", "DingDing", "WeCom", "Feishu", "telegram", "discord", "teams", "PagerDuty", "Opsgenie" };

    /// <summary>Kuma's notifications as channels where StatusBoard has the type; the others listed as skipped.</summary>
    private static Dictionary<string, ChannelOptions> KumaChannels(JsonArray? notifications, List<string> skipped)
    {
        var channels = new Dictionary<string, ChannelOptions>(StringComparer.Ordinal);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var notification in notifications ?? [])
        {
            var id = Text(notification?["id"]) ?? "";
            var title = Text(notification?["name"]) ?? $"notification {id}";
            // Kuma keeps a notification's settings as JSON text in "config".
            var config = Text(notification?["config"]) is { } text ? Parse(text) : notification as JsonObject;
            var type = Text(config?["type"]) ?? "";
            var name = Key("kuma-" + title, names);
            // Kuma's notification types and the settings each keeps (server/notification-providers/*.js in Uptime Kuma 1.23).
            ChannelOptions? channel = type switch
            {
                "slack" when Text(config?["slackwebhookURL"]) is { Length: > 0 } url => new ChannelOptions { Name = name, Type = "slack", Url = url },
                "webhook" when Text(config?["webhookURL"]) is { Length: > 0 } url => new ChannelOptions { Name = name, Type = "webhook", Url = url },
                "smtp" when Text(config?["smtpTo"]) is { Length: > 0 } to => new ChannelOptions
                {
                    Name = name, Type = "email", To = [.. to.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
                },
                "DingDing" when Text(config?["webHookUrl"]) is { Length: > 0 } url => new ChannelOptions { Name = name, Type = "dingtalk", Url = url, Secret = Text(config?["secretKey"]) is { Length: > 0 } key ? key : null },
                "WeCom" when Text(config?["weComBotKey"]) is { Length: > 0 } key => new ChannelOptions { Name = name, Type = "wecom", Url = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=" + Uri.EscapeDataString(key) },
                "Feishu" when Text(config?["feishuWebHookUrl"]) is { Length: > 0 } url => new ChannelOptions { Name = name, Type = "feishu", Url = url },
                "telegram" when Text(config?["telegramBotToken"]) is { Length: > 0 } token && Text(config?["telegramChatID"]) is { Length: > 0 } chat =>
                    new ChannelOptions { Name = name, Type = "telegram", ApiKey = token, ChatId = chat },
                "discord" when Text(config?["discordWebhookUrl"]) is { Length: > 0 } url => new ChannelOptions { Name = name, Type = "discord", Url = url },
                "teams" when Text(config?["webhookUrl"]) is { Length: > 0 } url => new ChannelOptions { Name = name, Type = "teams", Url = url },
                "PagerDuty" when Text(config?["pagerdutyIntegrationKey"]) is { Length: > 0 } key => new ChannelOptions
                {
                    Name = name, Type = "pagerduty", RoutingKey = key, Url = Text(config?["pagerdutyIntegrationUrl"]) is { Length: > 0 } url ? url : null,
                },
                "Opsgenie" when Text(config?["opsgenieApiKey"]) is { Length: > 0 } key => new ChannelOptions
                {
                    Name = name, Type = "opsgenie", ApiKey = key, Url = Text(config?["opsgenieRegion"]) == "eu" ? "https://api.eu.opsgenie.com" : null,
                },
                _ => null,
            };
            if (channel is null)
            {
                skipped.Add(KumaTypes.Contains(type)
                    ? $"notification '{title}': its Uptime Kuma '{type}' settings are incomplete (no address or key to send with); add the channel in /ops/channels"
                    : $"notification '{title}': Uptime Kuma '{type}' notifications have no channel type here; add a channel in /ops/channels");
                continue;
            }

            if (type == "smtp")
            {
                skipped.Add($"notification '{title}': its SMTP server is not imported — e-mail goes through StatusBoard:Notifications:Smtp");
            }

            channels[id] = channel;
        }

        return channels;
    }

    /// <summary>Kuma's HTTP authentication: basic becomes an Authorization header (stored protected, like every secret header).</summary>
    private static bool Authorize(JsonNode? monitor, RequestDocument request, string name, List<string> skipped)
    {
        switch (Text(monitor?["authMethod"]))
        {
            case null or "" or "null":
                return true;
            case "basic":
                var credentials = $"{Text(monitor?["basic_auth_user"])}:{Text(monitor?["basic_auth_pass"])}";
                request.Headers ??= [];
                request.Headers["Authorization"] = "Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(credentials));
                return true;
            case var method:
                skipped.Add($"{name}: Uptime Kuma's '{method}' authentication has no equivalent here; the monitor is not imported");
                return false;
        }
    }

    private static JsonObject? Parse(string json)
    {
        try
        {
            return JsonNode.Parse(json) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool IsTrue(JsonNode? node) => node is JsonValue value && (value.GetValueKind() == JsonValueKind.True || Text(value) is "1" or "true");

    /// <summary>
    /// Kuma's accepted codes ("200-299", "301") as conditions: one range stays a range (two comparisons), several
    /// become one <c>any(...)</c> whose choices are ranges and codes, never a list of every code in a range.
    /// </summary>
    private static List<string> StatusConditions(List<string> accepted)
    {
        var choices = new List<string>();
        foreach (var entry in accepted)
        {
            var parts = entry.Split('-', 2);
            if (parts.Length == 2 && int.TryParse(parts[0], CultureInfo.InvariantCulture, out var low) && int.TryParse(parts[1], CultureInfo.InvariantCulture, out var high))
            {
                choices.Add(low == high ? $"{low}" : $"{Math.Min(low, high)}..{Math.Max(low, high)}");
            }
            else if (int.TryParse(entry, CultureInfo.InvariantCulture, out var code))
            {
                choices.Add($"{code}");
            }
        }

        choices = [.. choices.Distinct(StringComparer.Ordinal)];
        return choices switch
        {
            [] => ["[STATUS] >= 200", "[STATUS] <= 299"],
            [var only] when only.Split("..") is [var low, var high] => [$"[STATUS] >= {low}", $"[STATUS] <= {high}"],
            [var only] => [$"[STATUS] == {only}"],
            _ => [$"[STATUS] == any({string.Join(", ", choices)})"],
        };
    }

    private static Dictionary<string, string>? Headers(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(json)?.AsObject().ToDictionary(h => h.Key, h => Text(h.Value) ?? "");
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Key(string name, HashSet<string> taken)
    {
        var key = NotKey().Replace(name.ToLowerInvariant(), "-").Trim('-');
        key = key.Length == 0 ? "imported" : key.Length > 56 ? key[..56].TrimEnd('-') : key;
        var unique = key;
        for (var i = 2; !taken.Add(unique); i++)
        {
            unique = $"{key}-{i}";
        }

        return unique;
    }

    private static string? Text(JsonNode? node) => node is JsonValue value ? value.GetValueKind() switch
    {
        JsonValueKind.String => value.GetValue<string>(),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.ToJsonString(),
        _ => null,
    } : null;

    private static double? Number(JsonNode? node) =>
        double.TryParse(Text(node), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
}
