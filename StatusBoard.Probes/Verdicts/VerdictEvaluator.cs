using StatusBoard.Probes.Health;
using StatusBoard.Probes.Reports;

namespace StatusBoard.Probes.Verdicts;

/// <summary>
/// Decides the verdict for one user's context from component health, user reports and the app version.
/// A pure function, table-tested. Every verdict follows from evidence held now; where there is none it says
/// <c>unknown</c>. Order: an outage where the user is (or, with no region given, anywhere), maintenance, blindness,
/// reports from enough networks, then local — with the regions failing elsewhere named.
/// </summary>
public static class VerdictEvaluator
{
    public sealed record Context(string? Component, string? Region, string? AppVersion, string? MinimumAppVersion)
    {
        /// <summary>Distinct client networks whose reports it takes to say <c>investigating</c> (<c>StatusBoard:Reports:MinimumNetworks</c>).</summary>
        public int MinimumNetworks { get; init; } = 5;
    }

    public static VerdictResult Decide(IReadOnlyList<ComponentHealth> health, ReportRate reports, Context context)
    {
        var relevant = context.Component is null ? health : health.Where(c => c.Key == context.Component).ToList();
        var watched = relevant.Where(c => c.Status != HealthStatus.UnderMaintenance).ToList();
        var maintained = relevant.Where(c => c.Status == HealthStatus.UnderMaintenance).ToList();
        var mine = context.Region;
        var reasons = new List<string>();
        var evidence = new List<VerdictEvidence>();

        foreach (var component in watched)
        {
            evidence.Add(component.Status == HealthStatus.Blind ? ComponentBlind(component) : RegionsHealthy(component));
        }

        foreach (var component in maintained)
        {
            evidence.Add(new VerdictEvidence("maintenance", $"{component.Name}: under maintenance", new Dictionary<string, object> { ["component"] = component.Key }));
        }

        evidence.Add(new VerdictEvidence(
            "reports",
            $"{reports.Recent} reports from {reports.Networks} networks in {(int)reports.Window.TotalMinutes} min, usual {Math.Round(reports.Usual, 1).ToString(CultureInfo.InvariantCulture)}",
            new Dictionary<string, object>
            {
                ["recent"] = reports.Recent, ["networks"] = reports.Networks, ["usual"] = Math.Round(reports.Usual, 1), ["minutes"] = (int)reports.Window.TotalMinutes,
            }));

        var versionTooOld = IsOlder(context.AppVersion, context.MinimumAppVersion);
        if (versionTooOld)
        {
            reasons.Add("app-version-unsupported");
            evidence.Add(new VerdictEvidence("app-version", $"app version {context.AppVersion} is below the minimum {context.MinimumAppVersion}",
                new Dictionary<string, object> { ["version"] = context.AppVersion!, ["minimum"] = context.MinimumAppVersion! }));
        }

        // The user's region cannot be seen: one of the components in question has it blind, or none is probed there.
        var mineBlind = mine is not null && (watched.Any(c => c.Regions.Any(r => r.Region == mine && r.Status == HealthStatus.Blind))
            || !watched.Any(c => c.Regions.Any(r => r.Region == mine)));
        if (mineBlind && watched.Count > 0)
        {
            reasons.Add("region-blind");
            evidence.Add(new VerdictEvidence("region-blind", $"no results from {mine} right now", new Dictionary<string, object> { ["region"] = mine! }));
        }

        var crowd = reports.Level != ReportLevel.Normal && reports.Networks >= context.MinimumNetworks;
        if (reports.Level != ReportLevel.Normal)
        {
            reasons.Add("reports-" + reports.Level.ToWire());
        }

        // What fails where the user is; with no region given, anywhere.
        var failing = mine is not null
            ? watched.SelectMany(c => c.Regions.Where(r => r.Region == mine && r.Status.IsFailing()).Select(r => (Component: c, r.Status))).ToList()
            : watched.Where(c => c.Scope != Scope.None).Select(c => (Component: c, c.Status)).ToList();

        VerdictKind verdict;
        var impact = VerdictImpact.None;
        if (failing.Count > 0)
        {
            verdict = failing.Any(f => f.Component.Scope == Scope.PlatformWide) ? VerdictKind.PlatformWide : VerdictKind.Regional;
            reasons.Insert(0, verdict == VerdictKind.PlatformWide ? "platform-failing" : "region-failing");
            impact = failing.Any(f => f.Status is HealthStatus.PartialOutage or HealthStatus.MajorOutage) ? VerdictImpact.Outage : VerdictImpact.Slow;
            if (impact == VerdictImpact.Slow)
            {
                reasons.Insert(1, "slow-only");
            }
        }
        else if (maintained.Count > 0)
        {
            verdict = VerdictKind.Maintenance;
            reasons.Insert(0, "maintenance");
        }
        else if (watched.Count == 0 || watched.All(c => c.Status == HealthStatus.Blind))
        {
            verdict = VerdictKind.Unknown;
            reasons.Insert(0, "no-probes-reporting");
        }
        else if (mineBlind)
        {
            verdict = VerdictKind.Unknown;
        }
        else if (crowd)
        {
            verdict = VerdictKind.Investigating;
        }
        else
        {
            verdict = VerdictKind.Local;
            var elsewhere = watched.Where(c => c.Scope != Scope.None).ToList();
            reasons.Insert(0, elsewhere.Count > 0 ? "failing-elsewhere" : "probes-healthy");
            foreach (var component in elsewhere)
            {
                var regions = component.FailingRegions();
                evidence.Add(new VerdictEvidence("failing-elsewhere", $"{component.Name}: failing in {string.Join(", ", regions)}, not in {mine}",
                    new Dictionary<string, object> { ["component"] = component.Key, ["regions"] = string.Join(", ", regions), ["region"] = mine! }));
            }
        }

        if (verdict == VerdictKind.Local && watched.Any(c => c.Status == HealthStatus.Blind))
        {
            reasons.Add("component-blind");
        }

        // Security checks refusing where it fails (a risk rule, a code or password refused): retrying again and again
        // can lock the account, so users are told to check what they enter instead.
        var security = failing.Any(f => f.Component.Regions.Any(r => (mine is null || r.Region == mine)
            && r.Status.IsFailing() && r.Failing.Contains(Classification.FailureCategory.Security)));
        if (security)
        {
            reasons.Add("security-failing");
        }

        return new VerdictResult(verdict, reasons, evidence, AdviceFor(verdict, impact, versionTooOld, security)) { Impact = impact };
    }

    private static VerdictEvidence RegionsHealthy(ComponentHealth component)
    {
        var seen = component.Regions.Where(r => r.Status != HealthStatus.Blind).ToList();
        var healthy = seen.Count(r => r.Status == HealthStatus.Operational);
        var failing = seen.Where(r => r.Status != HealthStatus.Operational).Select(r => r.Region).ToList();
        return new VerdictEvidence(
            "regions-healthy",
            $"{component.Name}: {healthy} of {seen.Count} regions healthy" + (failing.Count > 0 ? $" (failing: {string.Join(", ", failing)})" : ""),
            new Dictionary<string, object> { ["component"] = component.Key, ["healthy"] = healthy, ["total"] = seen.Count });
    }

    private static VerdictEvidence ComponentBlind(ComponentHealth component) =>
        new("component-blind", $"{component.Name}: no region is reporting", new Dictionary<string, object> { ["component"] = component.Key });

    /// <summary>
    /// The seed article's steps for the case, in the order to do them. Whenever a payment may have failed: the money is
    /// safe, and the transaction history says whether to pay again, so nobody pays twice. Then, for trouble on the
    /// platform's side, waiting and its announcements; for trouble that may be the user's, the network, the app and
    /// signing in again; support, with what it needs, last. Security checks refusing replace "try again".
    /// </summary>
    private static List<Advice> AdviceFor(VerdictKind verdict, VerdictImpact impact, bool versionTooOld, bool security)
    {
        var advice = verdict switch
        {
            // Slow, not failing: nothing was lost, and paying again while the first payment is still under way pays twice.
            VerdictKind.PlatformWide or VerdictKind.Regional when impact == VerdictImpact.Slow =>
                new List<Advice> { Advice.CheckTransactionHistory, Advice.AllowExtraTime, Advice.WaitAndRetry },
            VerdictKind.PlatformWide or VerdictKind.Regional =>
                [Advice.FundsSafe, Advice.CheckTransactionHistory, Advice.WaitAndRetry, Advice.WatchAnnouncements, Advice.ContactSupport],
            VerdictKind.Maintenance => [Advice.FundsSafe, Advice.CheckTransactionHistory, Advice.WaitAndRetry, Advice.WatchAnnouncements],
            VerdictKind.Investigating =>
                [Advice.FundsSafe, Advice.CheckTransactionHistory, Advice.WaitAndRetry, Advice.CheckNetwork, Advice.WatchAnnouncements, Advice.ContactSupport],
            VerdictKind.Unknown =>
                [Advice.FundsSafe, Advice.CheckTransactionHistory, Advice.CheckNetwork, Advice.WaitAndRetry, Advice.WatchAnnouncements, Advice.ContactSupport],
            _ => [Advice.FundsSafe, Advice.CheckTransactionHistory, Advice.CheckNetwork, Advice.UpdateApp, Advice.SignInAgain, Advice.ContactSupport],
        };
        if (versionTooOld)
        {
            // Right after the money: an app too old for the platform explains the rest.
            advice.Remove(Advice.UpdateApp);
            advice.Insert(advice.IndexOf(Advice.CheckTransactionHistory) + 1, Advice.UpdateApp);
        }

        if (security)
        {
            var at = advice.IndexOf(Advice.WaitAndRetry);
            advice.Remove(Advice.WaitAndRetry);
            advice.Insert(at < 0 ? Math.Min(2, advice.Count) : at, Advice.CheckCredentials);
        }

        return advice;
    }

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

    /// <summary>Whether the text is a version this evaluator compares: numbers and dots, such as <c>5.2.0</c>.</summary>
    public static bool IsVersion(string version) => TryParts(version, out _);

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
