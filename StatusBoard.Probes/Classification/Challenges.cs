using System.Text.RegularExpressions;
using StatusBoard.Probes.Conditions;

namespace StatusBoard.Probes.Classification;

/// <summary>
/// Recognises a WAF or bot challenge in an answer: a header that says so (Cloudflare's <c>cf-mitigated</c>, AWS WAF's
/// <c>x-amzn-waf-action</c>), or an HTML 403/429/503 page carrying a known challenge marker. Such an answer is the
/// platform's protection stopping the probe (security), not the platform failing.
/// </summary>
public static partial class Challenges
{
    [GeneratedRegex(
        @"challenge-platform|cf-chl|cf_chl|Just a moment\.\.\.|Attention Required!|captcha|aliyun_waf|_waf_|waf\.tencent|Incapsula incident|Reference&#32;&#35;|Reference #\d|验证码|滑动验证|安全验证|访问被拦截",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Marker();

    /// <summary>What shows <paramref name="response"/> to be a challenge, or null when it is not one.</summary>
    public static string? Detect(ResponseSnapshot response)
    {
        if (response.Headers.TryGetValue("cf-mitigated", out var mitigated) && mitigated.Contains("challenge", StringComparison.OrdinalIgnoreCase))
        {
            return $"cf-mitigated: {mitigated}";
        }

        if (response.Headers.TryGetValue("x-amzn-waf-action", out var action) && action.Trim().ToLowerInvariant() is "challenge" or "captcha")
        {
            return $"x-amzn-waf-action: {action}";
        }

        if (response.Status is 403 or 429 or 503 && IsHtml(response) && Marker().Match(response.Body) is { Success: true } marker)
        {
            return $"an HTML {response.Status} page with '{marker.Value}'";
        }

        return null;
    }

    private static bool IsHtml(ResponseSnapshot response) =>
        response.Headers.TryGetValue("Content-Type", out var type)
            ? type.Contains("html", StringComparison.OrdinalIgnoreCase)
            : response.Body.TrimStart().StartsWith('<');
}
