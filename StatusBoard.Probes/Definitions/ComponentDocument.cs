using System.Text.Json.Serialization;

namespace StatusBoard.Probes.Definitions;

/// <summary>A component as written in configuration (<c>StatusBoard:Components</c>) and in the API.</summary>
public sealed class ComponentDocument
{
    public string? Key { get; set; }

    /// <summary>Names by language: <c>{"en": "Payments", "zh-CN": "支付"}</c>.</summary>
    public Dictionary<string, string>? Names { get; set; }

    public string? Description { get; set; }

    public int? Position { get; set; }

    /// <summary>
    /// The group it is shown under on the public page, the board and <c>/api/v2</c>, by language:
    /// <c>{"en": "Wallet", "zh-CN": "钱包"}</c>; a plain string names it in every language. Components with the same
    /// English group name are one group.
    /// </summary>
    [JsonConverter(typeof(TextByLanguageConverter))]
    public Dictionary<string, string>? Group { get; set; }
}
