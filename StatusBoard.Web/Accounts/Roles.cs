namespace StatusBoard.Web.Accounts;

/// <summary>
/// Who may do what. <c>viewer</c> reads dashboards and reports; <c>operator</c> also acknowledges and updates
/// incidents, runs probes now, pauses and resumes them and switches sandbox faults; <c>admin</c> also edits probes,
/// components, users and API keys. Each policy admits its role and those above it.
/// </summary>
public static class Roles
{
    public const string Viewer = "viewer";
    public const string Operator = "operator";
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Viewer, Operator, Admin];

    public static bool IsValid(string? role) => role is not null && All.Contains(role);

    /// <summary>The roles that satisfy <paramref name="least"/>: it and those above it.</summary>
    public static string[] AtLeast(string least) => All.SkipWhile(role => role != least).ToArray();

    public static bool Allows(System.Security.Claims.ClaimsPrincipal? user, string least) =>
        user?.Identity?.IsAuthenticated == true && AtLeast(least).Any(user.IsInRole);
}
