using System.Text.Json.Serialization;

namespace StatusBoard.Probes.Definitions;

/// <summary>A component as written in configuration (<c>StatusBoard:Components</c>) and in the API.</summary>
public sealed class ComponentDocument
{
    public string? Key { get; set; }

    /// <summary>Names by language: <c>{"en": "Payments", "zh-CN": "支付"}</c>.</summary>
    public Dictionary<string, string>? Names { get; set; }

    /// <summary>What it is, for people: shown where <see cref="Descriptions"/> has nothing in the reader's language.</summary>
    public string? Description { get; set; }

    /// <summary>The description by language: <c>{"zh-CN": "向商户和其他钱包付款"}</c>.</summary>
    [JsonConverter(typeof(TextByLanguageConverter))]
    public Dictionary<string, string>? Descriptions { get; set; }

    public int? Position { get; set; }

    /// <summary>
    /// The group it is shown under on the public page, the board and <c>/api/v2</c>, by language:
    /// <c>{"en": "Wallet", "zh-CN": "钱包"}</c>; a plain string names it in every language. Components with the same
    /// English group name are one group.
    /// </summary>
    [JsonConverter(typeof(TextByLanguageConverter))]
    public Dictionary<string, string>? Group { get; set; }
}
