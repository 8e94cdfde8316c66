using System.Text.RegularExpressions;

namespace StatusBoard.Probes.Running;

/// <summary>Masks what must never be stored or shown from a response: secrets by field name, and card-like numbers.</summary>
public static partial class Redaction
{
    public const int ExcerptLength = 400;

    [GeneratedRegex("(\"[^\"]*(?:password|passwd|secret|token|pin|cvv|cvc|card_?number|cardNumber|pan|authorization|api_?key|apiKey|session)[^\"]*\"\\s*:\\s*)\"[^\"]*\"",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex SecretField();

    [GeneratedRegex(@"\b(\d{8,15})(\d{4})\b", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex LongNumber();

    public static string Excerpt(string? body)
    {
        if (string.IsNullOrEmpty(body))
        {
            return "";
        }

        var text = body.Length > ExcerptLength * 4 ? body[..(ExcerptLength * 4)] : body;
        try
        {
            text = SecretField().Replace(text, "$1\"***\"");
            text = LongNumber().Replace(text, match => new string('*', match.Groups[1].Length) + match.Groups[2].Value);
        }
        catch (RegexMatchTimeoutException)
        {
            return "[excerpt withheld: could not be redacted in time]";
        }

        text = new string(text.Select(c => char.IsControl(c) && c is not '\n' and not '\t' ? ' ' : c).ToArray());
        return text.Length > ExcerptLength ? text[..ExcerptLength] + "…" : text;
    }

    private static readonly string[] SecretHeaderWords = ["authorization", "cookie", "token", "secret", "key", "password", "signature"];

    /// <summary>Whether a request header carries a secret, and so is masked wherever a probe is shown.</summary>
    public static bool IsSecretHeader(string name) =>
        !name.Equals("Idempotency-Key", StringComparison.OrdinalIgnoreCase)
        && SecretHeaderWords.Any(word => name.Contains(word, StringComparison.OrdinalIgnoreCase));
}
