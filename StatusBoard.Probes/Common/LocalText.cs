using System.Text.Json.Serialization;

namespace StatusBoard.Probes.Common;

/// <summary>
/// Text a person wrote for wallet users, in English, in Chinese, or once for both. Written as a plain string (both
/// languages) or as <c>{"en": "…", "zh-CN": "…"}</c> with one or both; a reader of a missing language gets the other,
/// marked as such.
/// </summary>
[JsonConverter(typeof(LocalTextConverter))]
public sealed record LocalText(string? En, string? Zh)
{
    public const string English = "en";
    public const string Chinese = "zh-CN";

    public static LocalText Both(string text) => new(text, text);

    /// <summary>A plain string means both languages.</summary>
    public static implicit operator LocalText?(string? text) => FromString(text);

    public static LocalText? FromString(string? text) => text is null ? null : Both(text);

    /// <summary>What a form's two fields hold (blank ones left out); none when both are blank.</summary>
    public static LocalText? FromFields(string? en, string? zh)
    {
        var english = string.IsNullOrWhiteSpace(en) ? null : en;
        var chinese = string.IsNullOrWhiteSpace(zh) ? null : zh;
        return english is null && chinese is null ? null : new LocalText(english, chinese);
    }

    /// <summary>This, or none when one text serves both (stored beside the plain text only when they differ).</summary>
    public LocalText? Apart => IsShared ? null : this;

    /// <summary>The English text, or the Chinese when there is no English: what programs and the on-call pages show.</summary>
    public string Primary => En ?? Zh ?? "";

    /// <summary>One text for both languages (a plain string, or the same text twice).</summary>
    public bool IsShared => En == Zh;

    /// <summary>The text in <paramref name="language"/>; <c>Fallback</c> when it is the other language's, for want of one.</summary>
    public (string Text, bool Fallback) In(string language)
    {
        var zh = language.StartsWith("zh", StringComparison.OrdinalIgnoreCase);
        var wanted = zh ? Zh : En;
        return wanted is not null ? (wanted, false) : (zh ? En : Zh) is { } other ? (other, true) : ("", false);
    }

    /// <summary>
    /// Trims each language and checks it: at least one language given, each within <paramref name="max"/> characters,
    /// no control characters (a single line also refuses right-to-left overrides). Problems are named per language
    /// (<c>title.zh-CN</c>) when the text was given per language.
    /// </summary>
    public static LocalText? Check(LocalText? value, string field, int max, ValidationErrors errors, bool singleLine = false)
    {
        var en = value?.En?.Trim() is { Length: > 0 } e ? e : null;
        var zh = value?.Zh?.Trim() is { Length: > 0 } z ? z : null;
        if (en is null && zh is null)
        {
            errors.Add(field, value is null || value.IsShared ? "is required" : "is required in at least one language (en or zh-CN)");
            return null;
        }

        var before = errors.Count;
        var shared = value!.IsShared;
        CheckOne(en, shared ? field : $"{field}.{English}", max, singleLine, errors);
        if (!shared)
        {
            CheckOne(zh, $"{field}.{Chinese}", max, singleLine, errors);
        }

        return errors.Count == before ? new LocalText(en, zh) : null;
    }

    private static void CheckOne(string? text, string field, int max, bool singleLine, ValidationErrors errors)
    {
        if (text is null)
        {
            return;
        }

        if (text.Length > max)
        {
            errors.Add(field, $"must be at most {max} characters");
        }
        else if (text.Any(c => (singleLine && PlainText.IsBidiControl(c)) || (char.IsControl(c) && (singleLine || c is not ('\n' or '\r' or '\t')))))
        {
            errors.Add(field, singleLine ? "must be one line without control or right-to-left override characters" : "must not contain control characters");
        }
    }
}

/// <summary>Reads a plain string (both languages) or an object of <c>en</c> and <c>zh-CN</c>; writes a string when one text serves both.</summary>
public sealed class LocalTextConverter : JsonConverter<LocalText>
{
    public override LocalText? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.String:
                return LocalText.Both(reader.GetString()!);
            case JsonTokenType.StartObject:
                string? en = null, zh = null;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var language = reader.GetString();
                    reader.Read();
                    if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.Null))
                    {
                        throw new JsonShapeException($"the text in '{language}' must be a string");
                    }

                    var text = reader.GetString();
                    switch (language)
                    {
                        case LocalText.English:
                            en = text;
                            break;
                        case LocalText.Chinese or "zh":
                            zh = text;
                            break;
                        default:
                            throw new JsonShapeException($"'{language}' is not a language of the page: give \"en\" and/or \"zh-CN\"");
                    }
                }

                return new LocalText(en, zh);
            default:
                throw new JsonShapeException("must be a string, or an object with \"en\" and/or \"zh-CN\"");
        }
    }

    public override void Write(Utf8JsonWriter writer, LocalText value, JsonSerializerOptions options)
    {
        if (value.IsShared)
        {
            writer.WriteStringValue(value.Primary);
            return;
        }

        writer.WriteStartObject();
        if (value.En is not null)
        {
            writer.WriteString(LocalText.English, value.En);
        }

        if (value.Zh is not null)
        {
            writer.WriteString(LocalText.Chinese, value.Zh);
        }

        writer.WriteEndObject();
    }
}

/// <summary>A value StatusBoard's own JSON converters refuse, worded for whoever sent it (the API says it back).</summary>
public sealed class JsonShapeException(string message) : JsonException(message)
{
    /// <summary>The words without the position the serializer appends to the message.</summary>
    public string Reason => Message.Split(" Path:", 2)[0];
}
