using System.Text.RegularExpressions;

namespace StatusBoard.Probes.Definitions;

/// <summary>The request of an http probe or a journey step: method, URL, headers and body, its templates and secrets checked.</summary>
public static partial class ProbeDefinitionParser
{
    private static readonly string[] Methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

    [GeneratedRegex(@"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex HeaderNamePattern();

    internal static HttpRequestTemplate? ParseRequest(RequestDocument? request, string field, ValidationErrors errors, IReadOnlySet<string> known)
    {
        if (request is null)
        {
            errors.Add(field, "is required");
            return null;
        }

        var method = (request.Method ?? "GET").Trim().ToUpperInvariant();
        if (!Methods.Contains(method))
        {
            errors.Add($"{field}.method", $"'{request.Method}' is not one of {string.Join(", ", Methods)}");
        }

        var url = request.Url?.Trim() ?? "";
        var missing = new List<string>();
        var resolvedUrl = Secrets.Resolve(url, missing);
        var sample = Templates.Sample(resolvedUrl);
        if (url.Length == 0)
        {
            errors.Add($"{field}.url", "is required");
        }
        else if (url.Length > 2048 || !Uri.TryCreate(sample, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add($"{field}.url", $"'{Shorten(url)}' is not an absolute http or https URL");
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in request.Headers ?? [])
        {
            if (!HeaderNamePattern().IsMatch(name ?? ""))
            {
                errors.Add($"{field}.headers", $"'{Shorten(name ?? "")}' is not a valid header name");
            }
            else if ((value ?? "").Any(c => c is '\r' or '\n' or '\0') || (value ?? "").Length > 8192)
            {
                errors.Add($"{field}.headers.{name}", "must be one line of at most 8192 characters");
            }
            else
            {
                headers[name!] = value ?? "";
            }
        }

        if (request.Body is { Length: > MaxBodyLength })
        {
            errors.Add($"{field}.body", $"is longer than {MaxBodyLength} characters");
        }

        foreach (var variable in new[] { url, request.Body }.Concat(headers.Values).SelectMany(Templates.VariablesIn))
        {
            if (!Templates.BuiltIns.Contains(variable) && !known.Contains(variable))
            {
                errors.Add(field, $"uses {{{{{variable}}}}}, which no earlier step extracts");
            }
        }

        // ${NAME} references become their values here, in the running definition only; the document keeps them.
        var resolvedHeaders = headers.ToDictionary(pair => pair.Key, pair => Secrets.Resolve(pair.Value, missing), StringComparer.OrdinalIgnoreCase);
        var resolvedBody = request.Body is null ? null : Secrets.Resolve(request.Body, missing);
        errors.UnsetSecrets.AddRange(missing.Distinct(StringComparer.Ordinal).Select(name => (field, name)));

        return new HttpRequestTemplate(method, resolvedUrl, resolvedHeaders, resolvedBody);
    }
}
