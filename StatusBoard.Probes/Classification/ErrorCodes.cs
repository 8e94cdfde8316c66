namespace StatusBoard.Probes.Classification;

/// <summary>
/// Error codes that wallet and payment APIs put in their answers — often in a <c>200</c> — with the category each
/// means. A probe with <c>errorCodePath</c> that reads one of these fails with its category even when its
/// conditions pass; a probe's own <c>categoryRules</c> naming a code win over this table. Listed, with where each
/// comes from, in <c>docs/error-codes.md</c>.
/// </summary>
public static class ErrorCodes
{
    public static IReadOnlyDictionary<string, FailureCategory> Known { get; } = new Dictionary<string, FailureCategory>(StringComparer.OrdinalIgnoreCase)
    {
        // The platform failing (服务器故障).
        ["SYSTEM_ERROR"] = FailureCategory.Server,
        ["SYSTEM_BUSY"] = FailureCategory.Server,
        ["SERVICE_BUSY"] = FailureCategory.Server,
        ["SERVICE_UNAVAILABLE"] = FailureCategory.Server,
        ["INTERNAL_ERROR"] = FailureCategory.Server,
        ["MAINTENANCE"] = FailureCategory.Server,
        ["UPSTREAM_ERROR"] = FailureCategory.Server,
        ["GATEWAY_TIMEOUT"] = FailureCategory.Server,
        ["ACQ.SYSTEM_ERROR"] = FailureCategory.Server,
        ["ISP.UNKNOW-ERROR"] = FailureCategory.Server,
        ["AOP.ACQ.SYSTEM_ERROR"] = FailureCategory.Server,
        ["SYSTEMERROR"] = FailureCategory.Server,
        ["BANKERROR"] = FailureCategory.Server,
        ["BANK_ERROR"] = FailureCategory.Server,

        // Rate and risk controls (安全防护机制触发).
        ["RISK_BLOCKED"] = FailureCategory.Security,
        ["RISK_CONTROL"] = FailureCategory.Security,
        ["RATE_LIMITED"] = FailureCategory.Security,
        ["TOO_MANY_REQUESTS"] = FailureCategory.Security,
        ["FREQUENCY_LIMITED"] = FailureCategory.Security,
        ["FREQUENCY_LIMIT"] = FailureCategory.Security,
        ["RULE_LIMIT"] = FailureCategory.Security,
        ["CHALLENGE_REQUIRED"] = FailureCategory.Security,
        ["UNAUTHORIZED"] = FailureCategory.Security,
        ["TOKEN_EXPIRED"] = FailureCategory.Security,
        ["FORBIDDEN"] = FailureCategory.Security,
        ["NOAUTH"] = FailureCategory.Security,
        ["ACQ.ACCESS_FORBIDDEN"] = FailureCategory.Security,
        ["ACQ.RISK_CONTROL_REFUSED"] = FailureCategory.Security,

        // Still processing, or waiting for the user (支付延迟).
        ["PAYMENT_PENDING"] = FailureCategory.Delay,
        ["PROCESSING_TIMEOUT"] = FailureCategory.Delay,
        ["USERPAYING"] = FailureCategory.Delay,
        ["ACQ.TRADE_PROCESSING"] = FailureCategory.Delay,

        // The app's or the probe's version is no longer served (接口版本不兼容).
        ["API_VERSION_UNSUPPORTED"] = FailureCategory.Version,
        ["UNSUPPORTED_VERSION"] = FailureCategory.Version,
        ["VERSION_UNSUPPORTED"] = FailureCategory.Version,
        ["UPGRADE_REQUIRED"] = FailureCategory.Version,
        ["API_DEPRECATED"] = FailureCategory.Version,
        ["ISV.METHOD-NOT-SUPPORTED"] = FailureCategory.Version,

        // Bad parameters: for a probe, the probe or the contract is wrong (用户输入错误).
        ["INVALID_REQUEST"] = FailureCategory.Input,
        ["VALIDATION_FAILED"] = FailureCategory.Input,
        ["INVALID_AMOUNT"] = FailureCategory.Input,
        ["WRONG_PIN"] = FailureCategory.Input,
        ["INVALID_PIN"] = FailureCategory.Input,
        ["ACCOUNT_LOCKED"] = FailureCategory.Input,
        ["PARAM_ERROR"] = FailureCategory.Input,
        ["SIGN_ERROR"] = FailureCategory.Input,
        ["ACQ.INVALID_PARAMETER"] = FailureCategory.Input,
        ["ISV.INVALID-SIGNATURE"] = FailureCategory.Input,

        // The money is wrong (账户异常 / 金额不准确).
        ["AMOUNT_MISMATCH"] = FailureCategory.Data,
        ["CURRENCY_MISMATCH"] = FailureCategory.Data,
        ["BALANCE_MISMATCH"] = FailureCategory.Data,
        ["INSUFFICIENT_FUNDS"] = FailureCategory.Data,
        ["NOTENOUGH"] = FailureCategory.Data,
        ["ACQ.BUYER_BALANCE_NOT_ENOUGH"] = FailureCategory.Data,
    };

    /// <summary>The category a code means: the probe's own rule naming it first, then the table; null for a code that is not a failure.</summary>
    public static (FailureCategory Category, bool ByProbeRule)? Of(string? code, int? status, IReadOnlyList<Definitions.CategoryRule> rules)
    {
        if (string.IsNullOrEmpty(code))
        {
            return null;
        }

        if (rules.FirstOrDefault(rule => rule.ErrorCode is not null && rule.Matches(status, code)) is { } rule)
        {
            return (rule.Category, true);
        }

        return Known.TryGetValue(code, out var category) ? (category, false) : null;
    }
}
