using System.Text.Encodings.Web;
using System.Text.Unicode;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace StatusBoard.Probes.Common;

/// <summary>The one JSON shape of StatusBoard: camelCase, enums as their wire words, nulls left out of documents.</summary>
public static class Json
{
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        // Chinese stays readable; <, >, & and quotes are always escaped, so JSON is never markup.
        options.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All);
        options.MaxDepth = 32;
        // By reflection where the runtime has it (the server, and the agent run from source); the native agent has
        // none (this branch is trimmed away) and reads and writes its shapes from generated code, in the same form.
        // Reflection stays first where it exists: generated code sets an init-only property that the JSON leaves out
        // to null rather than to its initial value (ProbeResult.Conditions), and the server reads results others wrote.
        options.TypeInfoResolver = JsonSerializer.IsReflectionEnabledByDefault
            ? JsonTypeInfoResolver.Combine(options.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver(), AgentJson.Default)
            : AgentJson.Default;
        return options;
    }

    /// <summary>How <typeparamref name="T"/> is written and read in StatusBoard's shape.</summary>
    public static JsonTypeInfo<T> Info<T>() => (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Info<T>());

    public static T? Deserialize<T>(string json) => JsonSerializer.Deserialize(json, Info<T>());
}
