using System.Text.RegularExpressions;

namespace StatusBoard.Probes.Definitions;

/// <summary>
/// Secrets in probe and channel documents are references to environment variables, <c>${PAYMENTS_TOKEN}</c>, never
/// values: the document (stored, exported, shown) keeps the reference; the running definition gets the value.
/// </summary>
public static partial class Secrets
{
    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]{0,127})\}", RegexOptions.CultureInvariant)]
    private static partial Regex Reference();

    /// <summary>The prefix a variable's name must have for a reference to read it, unless it is listed in <c>StatusBoard:Secrets:Allowed</c>.</summary>
    public const string DefaultPrefix = "STATUSBOARD_SECRET_";

    private static volatile SecretReferencePolicy _policy = new(DefaultPrefix, new HashSet<string>());

    /// <summary>
    /// Which variables references may read: <c>StatusBoard:Secrets:EnvPrefix</c> (default <c>STATUSBOARD_SECRET_</c>) and
    /// <c>StatusBoard:Secrets:Allowed</c>, set once from configuration at start. Any other variable — the admin password,
    /// a cloud key — is never read, and a reference to it is refused at save. Set by <c>AddProbeEngine</c> only.
    /// </summary>
    public static SecretReferencePolicy Policy
    {
        get => _policy;
        internal set => _policy = value;
    }

    /// <summary>Whether a reference may read this variable under the process's policy.</summary>
    public static bool IsReadable(string name) => IsReadable(name, Policy);

    /// <summary>Whether a reference may read this variable under <paramref name="policy"/>.</summary>
    public static bool IsReadable(string name, SecretReferencePolicy policy) =>
        name.StartsWith(policy.Prefix, StringComparison.Ordinal) || policy.Allowed.Contains(name);

    /// <summary>Why a reference to <paramref name="name"/> cannot be used, in the words every refusal uses.</summary>
    public static string Refusal(string name) => IsReadable(name)
        ? $"refers to ${{{name}}}, which is not set in the environment"
        : $"refers to ${{{name}}}, which StatusBoard does not read: only variables named {Policy.Prefix}… or listed in StatusBoard:Secrets:Allowed";

    public static bool HasReference(string? text) => text is not null && Reference().IsMatch(text);

    /// <summary>The variable names a text refers to.</summary>
    public static IEnumerable<string> NamesIn(string? text) =>
        Reference().Matches(text ?? "").Select(match => match.Groups[1].Value);

    /// <summary>
    /// The text with every reference replaced by its value; the names of those that are not set, or may not be read,
    /// in <paramref name="missing"/> (<see cref="Refusal"/> says which).
    /// </summary>
    public static string Resolve(string text, List<string> missing) => Reference().Replace(text, match =>
    {
        var value = IsReadable(match.Groups[1].Value) ? Environment.GetEnvironmentVariable(match.Groups[1].Value) : null;
        if (value is null)
        {
            missing.Add(match.Groups[1].Value);
            return match.Value;
        }

        return value;
    });
}

/// <summary>Which environment variables <c>${NAME}</c> references may read.</summary>
public sealed record SecretReferencePolicy(string Prefix, IReadOnlySet<string> Allowed);
