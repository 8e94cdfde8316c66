using System.Text.Json.Serialization;

namespace StatusBoard.Probes.Classification;

/// <summary>The kinds of payment-interface failure, from the seed article (see DESIGN.md).</summary>
[JsonConverter(typeof(WireEnumConverter<FailureCategory>))]
public enum FailureCategory
{
    /// <summary>网络连接问题: DNS, refused, reset, timeouts, TLS.</summary>
    Network,

    /// <summary>服务器故障: 5xx, maintenance, gateway errors.</summary>
    Server,

    /// <summary>接口版本不兼容: 426, 410, unsupported version, missing contract fields.</summary>
    Version,

    /// <summary>安全防护机制触发: 401/403 from risk control, 429, challenges.</summary>
    Security,

    /// <summary>用户输入错误: 400/422/423; for a probe, the probe or the contract is wrong.</summary>
    Input,

    /// <summary>支付延迟: too slow, or pending past its deadline.</summary>
    Delay,

    /// <summary>账户异常 / 金额不准确: 200 with the wrong amount, currency or balance.</summary>
    Data,

    /// <summary>The probe's own fault, not the platform's: the category of every <see cref="Outcome.Error"/> result.</summary>
    Probe,
}
