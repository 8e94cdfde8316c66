using System.Globalization;
using StatusBoard.Probes.Conditions;
using StatusBoard.Probes.Definitions;

namespace StatusBoard.Probes.Classification;

/// <summary>
/// Decides outcome and failure category from the evidence of a run. A pure function: the probe's own rules first,
/// then well-known error codes, then status codes, then what the failed conditions were about.
/// </summary>
public static class Classifier
{
    private static readonly Dictionary<string, FailureCategory> KnownErrorCodes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["API_VERSION_UNSUPPORTED"] = FailureCategory.Version,
        ["UNSUPPORTED_VERSION"] = FailureCategory.Version,
        ["VERSION_UNSUPPORTED"] = FailureCategory.Version,
        ["UPGRADE_REQUIRED"] = FailureCategory.Version,
        ["API_DEPRECATED"] = FailureCategory.Version,
        ["RISK_BLOCKED"] = FailureCategory.Security,
        ["RISK_CONTROL"] = FailureCategory.Security,
        ["RATE_LIMITED"] = FailureCategory.Security,
        ["TOO_MANY_REQUESTS"] = FailureCategory.Security,
        ["CHALLENGE_REQUIRED"] = FailureCategory.Security,
        ["UNAUTHORIZED"] = FailureCategory.Security,
        ["TOKEN_EXPIRED"] = FailureCategory.Security,
        ["FORBIDDEN"] = FailureCategory.Security,
        ["INVALID_REQUEST"] = FailureCategory.Input,
        ["VALIDATION_FAILED"] = FailureCategory.Input,
        ["INVALID_AMOUNT"] = FailureCategory.Input,
        ["WRONG_PIN"] = FailureCategory.Input,
        ["INVALID_PIN"] = FailureCategory.Input,
        ["ACCOUNT_LOCKED"] = FailureCategory.Input,
        ["SERVICE_UNAVAILABLE"] = FailureCategory.Server,
        ["INTERNAL_ERROR"] = FailureCategory.Server,
        ["MAINTENANCE"] = FailureCategory.Server,
        ["UPSTREAM_ERROR"] = FailureCategory.Server,
        ["GATEWAY_TIMEOUT"] = FailureCategory.Server,
        ["PAYMENT_PENDING"] = FailureCategory.Delay,
        ["PROCESSING_TIMEOUT"] = FailureCategory.Delay,
        ["AMOUNT_MISMATCH"] = FailureCategory.Data,
        ["CURRENCY_MISMATCH"] = FailureCategory.Data,
        ["BALANCE_MISMATCH"] = FailureCategory.Data,
        ["INSUFFICIENT_FUNDS"] = FailureCategory.Data,
    };

    private static readonly string[] PendingWords = ["pending", "processing", "in_progress", "queued"];

    public static Verdict Classify(Evidence evidence, IReadOnlyList<CategoryRule> rules, TimeSpan? degradedThreshold)
    {
        var where = evidence.Step is null ? "" : $"{evidence.Step}: ";
        if (evidence.Transport == TransportFailure.Blocked)
        {
            // Not the platform failing: the probe points where StatusBoard may not go, a fault of the probe (input).
            return new Verdict(Outcome.Down, FailureCategory.Input, where + TransportMessage(evidence));
        }

        if (evidence.Transport != TransportFailure.None)
        {
            return new Verdict(Outcome.Down, FailureCategory.Network, where + TransportMessage(evidence));
        }

        if (evidence.PollDeadlinePassed)
        {
            var last = evidence.Conditions.LastOrDefault(c => !c.Success);
            return new Verdict(Outcome.Down, FailureCategory.Delay, where + "still not settled at the poll deadline" + (last is null ? "" : $": {last.Display}"));
        }

        var failed = evidence.Conditions.Where(c => !c.Success).ToList();
        if (failed.Count == 0)
        {
            return degradedThreshold is { } threshold && evidence.Duration > threshold
                ? new Verdict(Outcome.Degraded, FailureCategory.Delay, $"{where}took {Milliseconds(evidence.Duration)} ms, over the {Milliseconds(threshold)} ms threshold")
                : Verdict.Up;
        }

        var message = where + Describe(evidence, failed);
        var rule = rules.FirstOrDefault(r => r.Matches(evidence.HttpStatus, evidence.ErrorCode));
        if (rule is not null)
        {
            return new Verdict(Outcome.Down, rule.Category, message);
        }

        if (failed.All(c => c.Subject == ConditionSubject.ResponseTime))
        {
            return new Verdict(Outcome.Degraded, FailureCategory.Delay, message);
        }

        if (evidence.ErrorCode is { } code && KnownErrorCodes.TryGetValue(code, out var byCode))
        {
            return new Verdict(Outcome.Down, byCode, message);
        }

        if (evidence.HttpStatus is { } status && status is < 200 or >= 300)
        {
            return new Verdict(Outcome.Down, ByStatus(status), message);
        }

        return new Verdict(Outcome.Down, ByCondition(failed), message);
    }

    /// <summary>The default category of a status code that is not 2xx.</summary>
    public static FailureCategory ByStatus(int status) => status switch
    {
        426 or 410 => FailureCategory.Version,
        401 or 403 or 429 => FailureCategory.Security,
        408 => FailureCategory.Network,
        >= 400 and < 500 => FailureCategory.Input,
        _ => FailureCategory.Server,
    };

    private static FailureCategory ByCondition(List<ConditionResult> failed)
    {
        if (failed.Any(c => c.Subject == ConditionSubject.Money && !c.Missing))
        {
            return FailureCategory.Data;
        }

        if (failed.Any(c => c.Subject is ConditionSubject.Connection or ConditionSubject.Certificate))
        {
            return FailureCategory.Network;
        }

        if (failed.Any(c => c.Subject is ConditionSubject.Body or ConditionSubject.Money && c.Missing))
        {
            // The response lacks a field the contract promises.
            return FailureCategory.Version;
        }

        if (failed.Any(c => c.Actual is { } actual && PendingWords.Contains(actual, StringComparer.OrdinalIgnoreCase)))
        {
            return FailureCategory.Delay;
        }

        return failed.Any(c => c.Subject == ConditionSubject.Status) ? FailureCategory.Input : FailureCategory.Server;
    }

    private static string Describe(Evidence evidence, List<ConditionResult> failed)
    {
        var status = evidence.HttpStatus is { } s ? $"HTTP {s}" : "no status";
        var code = evidence.ErrorCode is null ? "" : $" {evidence.ErrorCode}";
        return $"{status}{code}: {string.Join("; ", failed.Select(c => c.Display))}";
    }

    private static string TransportMessage(Evidence evidence)
    {
        var kind = evidence.Transport switch
        {
            TransportFailure.Timeout => "timed out",
            TransportFailure.Dns => "DNS lookup failed",
            TransportFailure.ConnectionRefused => "connection refused",
            TransportFailure.ConnectionReset => "connection reset",
            TransportFailure.Tls => "TLS handshake failed",
            TransportFailure.Blocked => "destination not allowed",
            _ => "protocol error",
        };
        return evidence.TransportDetail is { Length: > 0 } detail ? $"{kind}: {detail}" : kind;
    }

    private static string Milliseconds(TimeSpan value) =>
        ((long)value.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
}
