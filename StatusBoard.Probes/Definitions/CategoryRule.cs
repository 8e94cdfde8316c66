using StatusBoard.Probes.Classification;

namespace StatusBoard.Probes.Definitions;

/// <summary>A probe's own mapping of an error code or a status code to a category; it wins over the defaults.</summary>
public sealed record CategoryRule(string? ErrorCode, int? Status, FailureCategory Category)
{
    public bool Matches(int? status, string? errorCode) =>
        (ErrorCode is null || string.Equals(ErrorCode, errorCode, StringComparison.OrdinalIgnoreCase))
        && (Status is null || Status == status);
}
