using System.Text.RegularExpressions;
using StatusBoard.Probes.Maintenance;
using StatusBoard.Probes.Notifications;
using StatusBoard.Probes.Running;
using StatusBoard.Probes.Storage;

namespace StatusBoard.Probes.Configuration;

/// <summary>
/// Exports what is managed through the API as one document. A secret written as a value (an Authorization header, a
/// webhook secret, a Slack URL) leaves as a <c>${STATUSBOARD_…}</c> reference, never as the value; the document's
/// <c>secrets</c> lists every variable the importing side must set.
/// </summary>
public sealed partial class ConfigExporter(ICatalogStore catalogStore, MaintenanceSchedule maintenance, ChannelDirectory channels)
{
    [GeneratedRegex("[^A-Z0-9]+", RegexOptions.CultureInvariant)]
    private static partial Regex NotName();

    public async Task<ConfigDocument> ExportAsync(CancellationToken cancellationToken)
    {
        await channels.EnsureLoadedAsync(cancellationToken);
        var secrets = new SortedSet<string>(StringComparer.Ordinal);
        var probes = (await catalogStore.LoadProbesAsync(cancellationToken)).Select(Copy).ToList();
        foreach (var probe in probes)
        {
            Protect(probe.Request, probe.Key ?? "", secrets);
            foreach (var step in probe.Steps ?? [])
            {
                Protect(step.Request, $"{probe.Key}_{step.Name}", secrets);
            }
        }

        var channelDocuments = channels.All.Where(c => c.Source == DefinitionSource.Api).Select(c => Copy(c.Options)).ToList();
        foreach (var channel in channelDocuments)
        {
            // What the channel's type calls secret leaves as a reference; the rest as written.
            var secret = Notifications.Channels.ChannelTypes.Find(channel.Type)?.Settings.Where(s => s.Secret).Select(s => s.Name).ToHashSet() ?? [];
            channel.Secret = Protect(channel.Secret, $"CHANNEL_{channel.Name}_SECRET", secrets);
            channel.RoutingKey = Protect(channel.RoutingKey, $"CHANNEL_{channel.Name}_ROUTING_KEY", secrets);
            channel.ApiKey = Protect(channel.ApiKey, $"CHANNEL_{channel.Name}_API_KEY", secrets);
            if (secret.Contains("url"))
            {
                channel.Url = Protect(channel.Url, $"CHANNEL_{channel.Name}_URL", secrets);
            }
            else
            {
                Collect(channel.Url, secrets);
            }
        }

        return new ConfigDocument
        {
            Components = [.. await catalogStore.LoadComponentsAsync(cancellationToken)],
            Probes = probes,
            Maintenance = maintenance.All.OrderBy(w => w.StartsAt).Select(MaintenanceDocument.From).ToList(),
            NotificationChannels = channelDocuments,
            Paused = (await catalogStore.LoadPausedAsync(cancellationToken)).Where(key => probes.Any(p => p.Key == key)).Order(StringComparer.Ordinal).ToList(),
            Secrets = [.. secrets],
        };
    }

    private static void Protect(RequestDocument? request, string owner, SortedSet<string> secrets)
    {
        if (request is null)
        {
            return;
        }

        Collect(request.Url, secrets);
        // A secret body leaves as a reference, like a secret header: an export never carries a secret in clear.
        request.Body = request.SecretBody == true ? Protect(request.Body, $"{owner}_body", secrets) : request.Body;
        Collect(request.Body, secrets);
        foreach (var name in (request.Headers ?? []).Keys.ToList())
        {
            request.Headers![name] = Redaction.IsSecretHeader(name) ? Protect(request.Headers[name], $"{owner}_{name}", secrets)! : request.Headers[name];
            Collect(request.Headers[name], secrets);
        }
    }

    private static string? Protect(string? value, string owner, SortedSet<string> secrets)
    {
        if (string.IsNullOrEmpty(value) || Secrets.HasReference(value))
        {
            Collect(value, secrets);
            return value;
        }

        // Named so that the reference may be read when the export is imported again (Secrets.DefaultPrefix).
        var name = Secrets.DefaultPrefix + NotName().Replace(owner.ToUpperInvariant(), "_").Trim('_');
        secrets.Add(name);
        return "${" + name + "}";
    }

    private static void Collect(string? text, SortedSet<string> secrets)
    {
        secrets.UnionWith(Secrets.NamesIn(text));
    }

    private static T Copy<T>(T value) => Json.Deserialize<T>(Json.Serialize(value))!;
}
