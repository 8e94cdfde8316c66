using StatusBoard.Probes.Health;
using StatusBoard.Probes.Incidents;

namespace StatusBoard.Tests.Support;

/// <summary>A month of incidents, the same every run: automatic and manual, regional and platform-wide, one false alarm, one that crosses into the next month.</summary>
internal static class GeneratedIncidents
{
    public const string HostileTitle = "=HYPERLINK(\"http://evil.example\",\"x\") <script>alert(1)</script>";

    public static IReadOnlyList<Incident> October2026()
    {
        var random = new Random(42);
        string[] components = ["payments", "balance"];
        string[] categories = ["server", "network", "delay", "security", "version"];
        var list = new List<Incident>();
        for (var i = 0; i < 24; i++)
        {
            var start = new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero).AddHours(i * 30 + random.Next(0, 12));
            var minutes = random.Next(5, 180);
            var component = components[i % components.Length];
            var status = i % 3 == 0 ? HealthStatus.MajorOutage : HealthStatus.PartialOutage;
            var automatic = i % 5 != 4;
            list.Add(Make($"gen-{i:00}", i == 7 ? HostileTitle : $"{component} failing ({i})", component, status, start, start.AddMinutes(minutes), automatic)
                with
                {
                    Scope = i % 4 == 0 ? Scope.PlatformWide : Scope.Regional,
                    Impact = i % 3 == 0 ? Impact.Critical : Impact.Major,
                    Categories = automatic ? new Dictionary<string, long> { [categories[i % categories.Length]] = random.Next(3, 40), ["network"] = random.Next(0, 5) } : new Dictionary<string, long>(),
                    DetectedAt = start.AddMinutes(2 + random.Next(0, 3)),
                    AcknowledgedAt = start.AddMinutes(5 + random.Next(0, 20)),
                    FalseAlarm = i == 11,
                });
        }

        // The month's last incident runs over midnight into November.
        var late = new DateTimeOffset(2026, 10, 31, 23, 0, 0, TimeSpan.Zero);
        list.Add(Make("gen-cross", "Payments failing across months", "payments", HealthStatus.MajorOutage, late, late.AddHours(2), true)
            with { Categories = new Dictionary<string, long> { ["server"] = 50 }, DetectedAt = late.AddMinutes(2) });
        return list;
    }

    private static Incident Make(string id, string title, string component, HealthStatus status, DateTimeOffset start, DateTimeOffset end, bool automatic) => new()
    {
        Id = id,
        Title = title,
        Status = IncidentStatus.Resolved,
        Impact = Impact.Major,
        Scope = Scope.Regional,
        Regions = ["sg"],
        Components = [new AffectedComponent(component, component, status)],
        StartedAt = start,
        DetectedAt = start,
        ResolvedAt = end,
        UpdatedAt = end,
        Automatic = automatic,
        Updates =
        [
            new IncidentUpdate(id + "-1", IncidentStatus.Investigating, "Investigating.", start) { Components = [new AffectedComponent(component, component, status)] },
            new IncidentUpdate(id + "-2", IncidentStatus.Resolved, "Resolved.", end) { Components = [new AffectedComponent(component, component, HealthStatus.Operational)] },
        ],
    };
}
