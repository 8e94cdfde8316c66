using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using StatusBoard.Probes.Definitions;

namespace StatusBoard.Probes.Configuration;

/// <summary>What a foreign file became: a document to import, and what could not come over, with why.</summary>
public sealed record ForeignImport(ConfigDocument Document, IReadOnlyList<string> Skipped);

/// <summary>
/// Moves teams over from Uptime Kuma (the HTTP, keyword and port monitors of a JSON backup) and Gatus (an
/// <c>endpoints:</c> file): each becomes a probe of the given component in the given regions, checked and applied by
/// the same import as StatusBoard's own documents.
/// </summary>
public static partial class ForeignImports
{
    [GeneratedRegex("[^a-z0-9]+", RegexOptions.CultureInvariant)]
    private static partial Regex NotKey();

    public static ForeignImport FromKuma(JsonNode? backup, string component, IReadOnlyList<string> regions)
    {
        var probes = new List<ProbeDocument>();
        var skipped = new List<string>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var monitor in backup?["monitorList"]?.AsArray() ?? [])
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
                    probe.Conditions = StatusConditions(monitor?["accepted_statuscodes"]?.AsArray().Select(Text).OfType<string>().ToList() ?? ["200-299"]);
                    if (type == "keyword" && Text(monitor?["keyword"]) is { Length: > 0 } keyword)
                    {
                        if (monitor?["invertKeyword"]?.GetValueKind() == JsonValueKind.True)
                        {
                            skipped.Add($"{name}: the inverted keyword check ('{keyword}' must be absent) has no condition here; add it by hand");
                        }
                        else
                        {
                            probe.Conditions.Add($"[BODY] contains {JsonSerializer.Serialize(keyword)}");
                        }
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

            probes.Add(probe);
        }

        return new ForeignImport(new ConfigDocument { Probes = probes }, skipped);
    }

    /// <summary>A Gatus file's <c>endpoints:</c>: http(s), tcp:// and tls:// URLs; the group names the component when one has that key.</summary>
    public static ForeignImport FromGatus(JsonNode? file, string component, Func<string, bool> componentExists, IReadOnlyList<string> regions)
    {
        var probes = new List<ProbeDocument>();
        var skipped = new List<string>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var endpoint in file?["endpoints"]?.AsArray() ?? [])
        {
            var name = Text(endpoint?["name"]) ?? "endpoint";
            if (endpoint?["enabled"]?.GetValueKind() == JsonValueKind.False)
            {
                skipped.Add($"{name}: disabled in Gatus");
                continue;
            }

            var url = Text(endpoint?["url"]) ?? "";
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
            else if (url.StartsWith("tcp://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("tls://", StringComparison.OrdinalIgnoreCase))
            {
                probe.Kind = url[..3].ToLowerInvariant();
                probe.Target = url[6..];
            }
            else
            {
                skipped.Add($"{name}: Gatus endpoints at '{url}' have no probe kind here");
                continue;
            }

            probes.Add(probe);
        }

        return new ForeignImport(new ConfigDocument { Probes = probes }, skipped);
    }

    /// <summary>Kuma's accepted codes ("200-299", "301") as conditions.</summary>
    private static List<string> StatusConditions(List<string> accepted)
    {
        var singles = new List<int>();
        foreach (var range in accepted)
        {
            var parts = range.Split('-', 2);
            if (parts.Length == 2 && int.TryParse(parts[0], CultureInfo.InvariantCulture, out var low) && int.TryParse(parts[1], CultureInfo.InvariantCulture, out var high))
            {
                if (accepted.Count == 1)
                {
                    return low == high ? [$"[STATUS] == {low}"] : [$"[STATUS] >= {low}", $"[STATUS] <= {high}"];
                }

                singles.AddRange(Enumerable.Range(low, Math.Min(high - low + 1, 100)));
            }
            else if (int.TryParse(range, CultureInfo.InvariantCulture, out var code))
            {
                singles.Add(code);
            }
        }

        return singles.Count switch
        {
            0 => ["[STATUS] >= 200", "[STATUS] <= 299"],
            1 => [$"[STATUS] == {singles[0]}"],
            _ => [$"[STATUS] == any({string.Join(", ", singles.Distinct().Order())})"],
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
