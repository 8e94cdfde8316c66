using System.Text.Json.Serialization;

namespace StatusBoard.Probes.Definitions;

/// <summary>
/// Text people write in one or several languages: <c>{"en": "…", "zh-CN": "…"}</c>, or a plain string, which means
/// the same text in every language (kept as <c>en</c>, which every other language falls back to).
/// </summary>
public sealed class TextByLanguageConverter : JsonConverter<Dictionary<string, string>>
{
    public override Dictionary<string, string>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.String => new Dictionary<string, string> { ["en"] = reader.GetString()! },
        JsonTokenType.StartObject => JsonSerializer.Deserialize<Dictionary<string, string>>(ref reader, options),
        _ => throw new JsonException("must be a text, or texts by language such as {\"en\": \"Wallet\", \"zh-CN\": \"钱包\"}"),
    };

    public override void Write(Utf8JsonWriter writer, Dictionary<string, string> value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var (language, text) in value)
        {
            writer.WriteString(language, text);
        }

        writer.WriteEndObject();
    }
}
