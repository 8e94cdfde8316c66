using System.Text.RegularExpressions;

namespace StatusBoard.Probes.Running;

/// <summary>
/// The one redactor for what a response says, applied to every result before it is stored, published or answered
/// (<see cref="Result"/>: its excerpt, message, and each condition's actual value): secrets by field name (passwords,
/// tokens, keys, credentials, OTPs, CVV), card numbers (Luhn-valid, with or without separators), IBANs, and Chinese
/// mobile and ID-card numbers. What is masked keeps its last four characters where that helps to tell values apart.
/// </summary>
public static partial class Redaction
{
    public const int ExcerptLength = 400;
    public const string Mask = "***";

    // Secret words as whole parts of a name (x-api-key, access_token, card.pan), never inside another word (company,
    // shipping), plus the camel-case names APIs use.
    private const string SecretWords = @"(?:pass(?:word|wd|phrase)?|pwd|secret|token|pin|cvv2?|cvc2?|csc|pan|authorization|credentials?|otp|signature|cookie|session|sessionid|"
        + @"accesstoken|refreshtoken|idtoken|apikey|secretkey|privatekey|clientsecret|cardnumber|otpcode)";

    private const string SecretName = @"(?:[A-Za-z0-9]+[_.-])*(?:" + SecretWords + @"|api[_-]key|access[_-]key|private[_-]key|card[_-]number|one[_-]time[_-](?:code|password))(?:[_.-][A-Za-z0-9]+)*";

    // "token": "…", "otp": 123456
    [GeneratedRegex("(?<name>\"" + SecretName + "\"\\s*:\\s*)(?:\"(?:[^\"\\\\]|\\\\.)*\"|-?[0-9][0-9.]*)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex SecretJsonField();

    // token=…, api-key: …, Authorization: Bearer …
    [GeneratedRegex(@"(?<name>(?<![A-Za-z0-9_.-])" + SecretName + @"\s*[=:]\s*)(?<value>(?:Bearer|Basic)\s+\S+|[^\s&;,""'<>]+)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex SecretPair();

    // Chinese resident ID: 17 digits and a check digit or X.
    [GeneratedRegex(@"(?<![0-9A-Za-z])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9A-Za-z])", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex ChineseId();

    // Card numbers: 13 to 19 digits, in groups separated by spaces or dashes or not at all.
    [GeneratedRegex(@"(?<![0-9])\d(?:[ -]?\d){12,18}(?![0-9])", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex CardLike();

    [GeneratedRegex(@"(?<![A-Za-z0-9_])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?(?![A-Za-z0-9_])", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex Iban();

    // Chinese mobile numbers, with or without +86.
    [GeneratedRegex(@"(?<![0-9])(?:\+?86[ -]?)?1[3-9]\d[ -]?\d{4}[ -]?\d{4}(?![0-9])", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex ChineseMobile();

    [GeneratedRegex(@"(?:^|[.\]\[])" + SecretName + @"(?:$|[.\[\]])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretPath();

    /// <summary>A result as it may be stored and shown: every place its response reaches, redacted.</summary>
    public static ProbeResult Result(ProbeResult result)
    {
        // A condition that reads a secret field shows no value of it at all — in its own line and in the message that
        // quotes it; any other value is redacted as text.
        var secrets = result.Conditions
            .Where(c => c.Actual is { Length: > 0 } && c.Actual != Mask && SecretPath().IsMatch(c.Condition.Split(' ', 2)[0]))
            .Select(c => $"({c.Actual})").Distinct().ToList();
        string Hide(string text) => secrets.Aggregate(text, (hidden, value) => hidden.Replace(value, $"({Mask})", StringComparison.Ordinal));
        return result with
        {
            Excerpt = result.Excerpt is null ? null : Text(result.Excerpt),
            Message = Text(Hide(result.Message)),
            Conditions = result.Conditions.Select(condition => condition with
            {
                Actual = condition.Actual is null ? null : SecretPath().IsMatch(condition.Condition.Split(' ', 2)[0]) ? Mask : Text(condition.Actual),
                Display = Text(Hide(condition.Display)),
            }).ToList(),
        };
    }

    /// <summary>The start of a body, redacted, control characters made spaces, cut to <see cref="ExcerptLength"/>.</summary>
    public static string Excerpt(string? body)
    {
        if (string.IsNullOrEmpty(body))
        {
            return "";
        }

        var text = Text(body.Length > ExcerptLength * 4 ? body[..(ExcerptLength * 4)] : body);
        text = new string(text.Select(c => char.IsControl(c) && c is not '\n' and not '\t' ? ' ' : c).ToArray());
        return text.Length > ExcerptLength ? text[..ExcerptLength] + "…" : text;
    }

    /// <summary>Any text a response reached, with what must never be kept masked.</summary>
    public static string Text(string text)
    {
        if (text.Length == 0)
        {
            return text;
        }

        try
        {
            text = SecretJsonField().Replace(text, match => match.Groups["name"].Value + "\"" + Mask + "\"");
            text = SecretPair().Replace(text, match => match.Groups["name"].Value + Mask);
            text = ChineseId().Replace(text, match => KeepLast(match.Value, 4));
            text = CardLike().Replace(text, match => IsLuhn(match.Value) ? KeepLast(match.Value, 4) : match.Value);
            text = Iban().Replace(text, match => KeepLast(match.Value, 4));
            return ChineseMobile().Replace(text, match => KeepLast(match.Value, 4));
        }
        catch (RegexMatchTimeoutException)
        {
            return "[withheld: could not be redacted in time]";
        }
    }

    private static string KeepLast(string value, int keep)
    {
        var digits = value.Count(char.IsLetterOrDigit);
        var masked = 0;
        return new string(value.Select(c => char.IsLetterOrDigit(c) && masked++ < digits - keep ? '*' : c).ToArray());
    }

    private static bool IsLuhn(string value)
    {
        var digits = value.Where(char.IsAsciiDigit).Select(c => c - '0').ToArray();
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i];
            sum += i % 2 == 1 ? (d * 2 > 9 ? d * 2 - 9 : d * 2) : d;
        }

        return sum % 10 == 0;
    }

    private static readonly string[] SecretHeaderWords = ["authorization", "cookie", "token", "secret", "key", "password", "signature"];

    /// <summary>Whether a request header carries a secret, and so is masked wherever a probe is shown.</summary>
    public static bool IsSecretHeader(string name) =>
        !name.Equals("Idempotency-Key", StringComparison.OrdinalIgnoreCase)
        && SecretHeaderWords.Any(word => name.Contains(word, StringComparison.OrdinalIgnoreCase));
}
