namespace StatusBoard.Probes.Reports;

/// <summary>One user's "I have a problem", as stored.</summary>
public sealed record UserReport(
    string Id,
    string Component,
    string Symptom,
    string? Region,
    string? AppVersion,
    string? Text,
    string ClientHash,
    DateTimeOffset CreatedAt)
{
    public static readonly IReadOnlyList<string> Symptoms = ["payment-failed", "payment-slow", "wrong-amount", "cannot-sign-in", "other"];

    public const int MaxTextLength = 500;
}
