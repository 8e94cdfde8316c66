using System.Globalization;
using StatusBoard.Probes.Common;
using StatusBoard.Probes.Health;
using StatusBoard.Probes.Reports;

namespace StatusBoard.Probes.Verdicts;

/// <summary>
/// Decides the verdict for one user's context from component health, user reports and the app version.
/// A pure function, table-tested. Order: maintenance, platform-wide, the user's region, reports, then local.
/// </summary>
public static class VerdictEvaluator
{
    public sealed record Context(string? Component, string? Region, string? AppVersion, string? MinimumAppVersion);

    public static VerdictResult Decide(IReadOnlyList<ComponentHealth> health, ReportRate reports, Context context)
    {
        var relevant = context.Component is null ? health : health.Where(c => c.Key == context.Component).ToList();
        var reasons = new List<string>();
        var evidence = new List<Evidence>();

        foreach (var component in relevant)
        {
            var seen = component.Regions.Where(r => r.Status != HealthStatus.Blind).ToList();
            var healthy = seen.Count(r => r.Status == HealthStatus.Operational);
            evidence.Add(new Evidence(
                "regions-healthy",
                $"{component.Name}: {healthy} of {seen.Count} regions healthy"
                    + (seen.Count > healthy ? $" (failing: {string.Join(", ", seen.Where(r => r.Status != HealthStatus.Operational).Select(r => r.Region))})" : ""),
                new Dictionary<string, object> { ["component"] = component.Key, ["healthy"] = healthy, ["total"] = seen.Count }));
        }

        evidence.Add(new Evidence(
            "reports",
            $"{reports.Recent} reports in {(int)reports.Window.TotalMinutes} min, usual {Math.Round(reports.Usual, 1).ToString(CultureInfo.InvariantCulture)}",
            new Dictionary<string, object> { ["recent"] = reports.Recent, ["usual"] = Math.Round(reports.Usual, 1), ["minutes"] = (int)reports.Window.TotalMinutes }));

        var versionTooOld = IsOlder(context.AppVersion, context.MinimumAppVersion);
        if (versionTooOld)
        {
            reasons.Add("app-version-unsupported");
            evidence.Add(new Evidence("app-version", $"app version {context.AppVersion} is below the minimum {context.MinimumAppVersion}",
                new Dictionary<string, object> { ["version"] = context.AppVersion!, ["minimum"] = context.MinimumAppVersion! }));
        }

        if (context.Region is { } region && relevant.Any(c => c.Regions.Any(r => r.Region == region && r.Status == HealthStatus.Blind)))
        {
            reasons.Add("region-blind");
        }

        if (reports.Level != ReportLevel.Normal)
        {
            reasons.Add("reports-" + reports.Level.ToWire());
        }

        VerdictKind verdict;
        if (relevant.Any(c => c.Status == HealthStatus.UnderMaintenance))
        {
            verdict = VerdictKind.Maintenance;
            reasons.Insert(0, "maintenance");
        }
        else if (relevant.Any(c => c.Scope == Scope.PlatformWide))
        {
            verdict = VerdictKind.PlatformWide;
            reasons.Insert(0, "platform-failing");
        }
        else if (context.Region is { } mine
                 ? relevant.Any(c => c.Regions.Any(r => r.Region == mine && IsFailing(r.Status)))
                 : relevant.Any(c => c.Scope == Scope.Regional))
        {
            verdict = VerdictKind.Regional;
            reasons.Insert(0, "region-failing");
        }
        else if (reports.Level != ReportLevel.Normal)
        {
            verdict = VerdictKind.Investigating;
        }
        else
        {
            verdict = VerdictKind.Local;
            reasons.Insert(0, "probes-healthy");
        }

        return new VerdictResult(verdict, reasons, evidence, AdviceFor(verdict, versionTooOld));
    }

    /// <summary>
    /// The seed article's steps for the case. Any failed payment: look at the transaction history before paying
    /// again, so nobody pays twice.
    /// </summary>
    private static List<Advice> AdviceFor(VerdictKind verdict, bool versionTooOld)
    {
        var advice = verdict switch
        {
            VerdictKind.PlatformWide or VerdictKind.Regional or VerdictKind.Maintenance => new List<Advice> { Advice.WaitAndRetry },
            VerdictKind.Investigating => [Advice.WaitAndRetry, Advice.CheckNetwork, Advice.ContactSupport],
            _ => [Advice.CheckNetwork, Advice.SignInAgain, Advice.ContactSupport],
        };
        if (versionTooOld)
        {
            advice.Insert(0, Advice.UpdateApp);
        }

        advice.Insert(0, Advice.CheckTransactionHistory);
        return advice;
    }

    private static bool IsFailing(HealthStatus status) =>
        status is HealthStatus.DegradedPerformance or HealthStatus.PartialOutage or HealthStatus.MajorOutage;

    /// <summary>Compares dotted versions numerically (5.10.0 is newer than 5.9.3); unknown versions are not judged.</summary>
    public static bool IsOlder(string? version, string? minimum)
    {
        if (string.IsNullOrWhiteSpace(version) || string.IsNullOrWhiteSpace(minimum)
            || !TryParts(version, out var have) || !TryParts(minimum, out var need))
        {
            return false;
        }

        for (var i = 0; i < Math.Max(have.Length, need.Length); i++)
        {
            var a = i < have.Length ? have[i] : 0;
            var b = i < need.Length ? need[i] : 0;
            if (a != b)
            {
                return a < b;
            }
        }

        return false;
    }

    private static bool TryParts(string version, out int[] parts)
    {
        var pieces = version.Trim().TrimStart('v', 'V').Split('.');
        parts = new int[pieces.Length];
        for (var i = 0; i < pieces.Length; i++)
        {
            if (!int.TryParse(pieces[i], NumberStyles.None, CultureInfo.InvariantCulture, out parts[i]))
            {
                return false;
            }
        }

        return pieces.Length is > 0 and <= 4;
    }
}
