using StatusBoard.Probes.Classification;
using StatusBoard.Probes.Running;

namespace StatusBoard.Web.Api;

/// <summary>A result as the API shows it.</summary>
public sealed record ResultView(
    string Id,
    string Probe,
    string Component,
    string Region,
    string Agent,
    DateTimeOffset StartedAt,
    double DurationMs,
    Outcome Outcome,
    FailureCategory? Category,
    int? HttpStatus,
    string? ErrorCode,
    string Message,
    int Attempts,
    IReadOnlyList<ConditionView> Conditions,
    TransportFailure Transport,
    TimingPhases? Phases,
    string? Excerpt,
    string? Rule)
{
    public static ResultView From(ProbeResult r) => new(
        r.Id, r.Probe, r.Component, r.Region, r.Agent, r.StartedAt.ToUniversalTime(), r.DurationMs, r.Outcome, r.Category,
        r.HttpStatus, r.ErrorCode, r.Message, r.Attempts,
        r.Conditions.Select(c => new ConditionView(c.Condition, c.Success, c.Display)).ToList(),
        r.Transport, r.Phases, r.Excerpt, r.Rule);
}

public sealed record ConditionView(string Condition, bool Success, string Display);
