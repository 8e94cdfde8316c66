using StatusBoard.Probes.Classification;
using StatusBoard.Probes.Running;

namespace StatusBoard.Tests.Support;

internal static class TestResults
{
    public static ProbeResult Make(
        DateTimeOffset at,
        Outcome outcome = Outcome.Up,
        string probe = "payments-create",
        string region = "sg",
        double durationMs = 100,
        FailureCategory? category = null,
        string? id = null) => new()
        {
            Id = id ?? Guid.NewGuid().ToString("N"),
            Probe = probe,
            Component = "payments",
            Region = region,
            Agent = "test",
            StartedAt = at,
            DurationMs = durationMs,
            Outcome = outcome,
            Category = outcome == Outcome.Up ? null : category ?? FailureCategory.Server,
            HttpStatus = outcome == Outcome.Down ? 503 : 200,
            Message = outcome == Outcome.Up ? "ok" : "HTTP 503",
            Conditions = [new("[STATUS] == 200", outcome != Outcome.Down, outcome != Outcome.Down ? "[STATUS] == 200" : "[STATUS] (503) == 200")],
            Phases = new TimingPhases(0.1, 0.2, null, durationMs),
            Excerpt = "{\"token\":\"***\"}",
        };
}
