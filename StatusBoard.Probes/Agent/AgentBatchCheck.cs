using StatusBoard.Probes.Catalog;
using StatusBoard.Probes.Classification;
using StatusBoard.Probes.Running;
using StatusBoard.Probes.Storage;

namespace StatusBoard.Probes.Agent;

/// <summary>Who delivers a batch: the agent key's id, its name (who ran the results) and its one region.</summary>
public sealed record AgentSender(string Id, string Name, string Region);

/// <summary>
/// What the server takes from an agent's batch: each result and summary checked against the sender's region, the
/// catalog and the server's clock, placed by their age when the agent's clock is off, and named with every reason
/// when refused. The HTTP handler only maps this to its answer: a batch with any refusal is refused whole.
/// </summary>
public static class AgentBatchCheck
{
    /// <summary>How far ahead of the server's clock a result may be stamped (clocks drift; the future does not happen).</summary>
    public static readonly TimeSpan FutureSkew = TimeSpan.FromMinutes(5);

    /// <summary>How far an agent's clock may be from the server's before its results are placed by their age instead.</summary>
    public static readonly TimeSpan ClockTolerance = TimeSpan.FromSeconds(2);

    /// <summary>The results and summaries to store (who ran them and their component set by the server), or the reasons per item.</summary>
    public static (List<ProbeResult> Accepted, List<ResultSummary> Summed, Dictionary<string, string[]> Errors) Check(
        IReadOnlyList<ProbeResult?> results, IReadOnlyList<ResultSummary?> summaries, DateTimeOffset? sentAt, AgentSender key, CatalogSnapshot catalog,
        DateTimeOffset now, TimeSpan retention)
    {
        // An agent's clock may be off: its results are placed at their age before the batch was sent, on this server's
        // clock, so a clock minutes off neither hides a region's fresh results as old nor has them refused as future.
        var shift = sentAt is { } sent && (now - sent).Duration() > ClockTolerance ? now - sent : TimeSpan.Zero;
        var errors = new Dictionary<string, string[]>();
        var accepted = new List<ProbeResult>(results.Count);
        for (var i = 0; i < results.Count; i++)
        {
            var result = results[i] is { } given && shift != TimeSpan.Zero ? given with { StartedAt = given.StartedAt + shift } : results[i];
            var reasons = result is null ? ["is empty"] : Check(result.Id, result.Probe, result.Region, result.StartedAt, key, catalog, now, retention);
            if (result is not null && (result.DurationMs is < 0 or > 3_600_000 || double.IsNaN(result.DurationMs)))
            {
                reasons.Add("durationMs must be between 0 and one hour");
            }

            if (reasons.Count > 0)
            {
                errors[$"results[{i.ToString(CultureInfo.InvariantCulture)}]"] = [.. reasons];
                continue;
            }

            // Who ran it is the key's to say, and the component is the catalog's.
            accepted.Add(result! with { Agent = key.Name, Component = catalog.FindProbe(result.Probe)!.Component });
        }

        var summed = new List<ResultSummary>(summaries.Count);
        var minutes = TimeSpan.FromMinutes(Math.Round(shift.TotalMinutes));
        for (var i = 0; i < summaries.Count; i++)
        {
            var summary = summaries[i] is { } given && minutes != TimeSpan.Zero ? given with { Minute = given.Minute + minutes } : summaries[i];
            var reasons = summary is null ? ["is empty"] : Check(summary.Id, summary.Probe, summary.Region, summary.Minute, key, catalog, now, retention);
            if (summary is not null)
            {
                reasons.AddRange(CheckCounts(summary));
            }

            if (reasons.Count > 0)
            {
                errors[$"summaries[{i.ToString(CultureInfo.InvariantCulture)}]"] = [.. reasons];
                continue;
            }

            // Kept apart per key: two agents cannot merge over each other's ids.
            summed.Add(summary! with { Id = $"{key.Id}:{summary.Id}", Component = catalog.FindProbe(summary.Probe)!.Component });
        }

        return (accepted, summed, errors);
    }

    /// <summary>What a result and a summary must both be: the key's region, a probe run there, a time the server can take.</summary>
    private static List<string> Check(string? id, string? probeKey, string? region, DateTimeOffset startedAt, AgentSender key, CatalogSnapshot catalog, DateTimeOffset now, TimeSpan retention)
    {
        var reasons = new List<string>();
        if (string.IsNullOrWhiteSpace(id) || id.Length > 64)
        {
            reasons.Add("id is required: its own id, at most 64 characters");
        }

        if (region != key.Region)
        {
            reasons.Add($"region '{region}' is not this key's region '{key.Region}'");
        }

        if (catalog.FindProbe(probeKey ?? "") is not { } probe)
        {
            reasons.Add($"probe '{probeKey}' does not exist");
        }
        else if (!probe.Regions.Contains(key.Region))
        {
            reasons.Add($"probe '{probeKey}' does not run in '{key.Region}'");
        }

        if (startedAt > now + FutureSkew)
        {
            reasons.Add($"startedAt {startedAt:O} is in the future (this server's clock says {now:O})");
        }
        else if (startedAt < now - retention)
        {
            reasons.Add($"startedAt {startedAt:O} is older than raw results are kept ({retention.TotalDays:0} days)");
        }

        return reasons;
    }

    private static IEnumerable<string> CheckCounts(ResultSummary summary)
    {
        if (summary.Minute.ToUnixTimeMilliseconds() % 60_000 != 0)
        {
            yield return "minute must be on the minute (UTC)";
        }

        if (summary.Total < 1 || summary.Up < 0 || summary.Degraded < 0 || summary.Down < 0 || summary.Up + summary.Degraded + summary.Down != summary.Total)
        {
            yield return "total must be at least 1 and up + degraded + down";
        }

        if (!double.IsFinite(summary.LatencySum) || summary.LatencySum < 0 || !double.IsFinite(summary.LatencyMax) || summary.LatencyMax is < 0 or > 3_600_000)
        {
            yield return "latencySum and latencyMax must be durations in milliseconds (latencyMax at most one hour)";
        }

        if (LatencyHistogram.Deserialize(summary.Histogram, summary.LatencyMax).Count != summary.Total)
        {
            yield return "histogram must count each of the total runs once";
        }

        if (summary.Categories is null || summary.Categories.Values.Any(count => count < 0) || summary.Categories.Values.Sum() > summary.Total
            || summary.Categories.Keys.Any(category => !WireNames.TryParse<FailureCategory>(category, out _)))
        {
            yield return "categories must be known failure categories with at most total runs";
        }
    }
}
