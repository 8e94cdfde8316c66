using System.Text.Json;
using System.Text.Json.Nodes;
using StatusBoard.Probes.Running;

namespace StatusBoard.Web.Api;

/// <summary>A probe definition as the API and the dashboard show it.</summary>
public static class ProbeView
{
    /// <summary>The probe as written, with where it came from; secret header values and secret bodies masked unless an admin asks.</summary>
    public static JsonObject Document(ProbeDefinition probe, bool showSecrets)
    {
        var node = JsonSerializer.SerializeToNode(probe.Document, Json.Options)!.AsObject();
        node["source"] = probe.Source == DefinitionSource.Configuration ? "configuration" : "api";
        if (!showSecrets)
        {
            Mask(node["request"] as JsonObject);
            foreach (var step in node["steps"] as JsonArray ?? [])
            {
                Mask(step?["request"] as JsonObject);
            }
        }

        return node;
    }

    private static void Mask(JsonObject? request)
    {
        var headers = request?["headers"] as JsonObject;
        foreach (var name in headers?.Select(pair => pair.Key).Where(Redaction.IsSecretHeader).ToList() ?? [])
        {
            headers![name] = "***";
        }

        if (request?["secretBody"]?.GetValue<bool>() == true && request["body"] is not null)
        {
            request["body"] = "***";
        }
    }
}
