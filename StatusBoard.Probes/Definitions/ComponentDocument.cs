namespace StatusBoard.Probes.Definitions;

/// <summary>A component as written in configuration (<c>StatusBoard:Components</c>) and in the API.</summary>
public sealed class ComponentDocument
{
    public string? Key { get; set; }

    /// <summary>Names by language: <c>{"en": "Payments", "zh-CN": "支付"}</c>.</summary>
    public Dictionary<string, string>? Names { get; set; }

    public string? Description { get; set; }

    public int? Position { get; set; }
}
