using StatusBoard.Probes.Health;
using StatusBoard.Probes.Notifications;

namespace StatusBoard.Tests.Notifications;

public sealed class MessageTemplateTests
{
    private static readonly Dictionary<string, string> Values = new()
    {
        ["title"] = "Payments failing in sg {status}",
        ["status"] = "investigating",
        ["type"] = "incident.opened",
    };

    [Theory]
    [InlineData("default", null, "[investigating] Payments failing in sg {status} (incident.opened)")]
    [InlineData("placeholders", "{type}: {title}", "incident.opened: Payments failing in sg {status}")]
    [InlineData("expression stays text", "{{7*7}} {title}", "{{7*7}} Payments failing in sg {status}")]
    [InlineData("include stays text", "{% include '/etc/passwd' %}", "{% include '/etc/passwd' %}")]
    [InlineData("razor stays text", "@(1+1) @DateTime.Now", "@(1+1) @DateTime.Now")]
    [InlineData("unknown name stays", "{secret} {status}", "{secret} investigating")]
    [InlineData("unclosed brace", "{status", "{status")]
    public void Render_Case(string name, string? template, string expected) =>
        Assert.True(expected == MessageTemplate.Render(template, Values), name + ": " + MessageTemplate.Render(template, Values));

    [Fact]
    public void BlindSpots_OnlyRegionsThatReportedBefore_AndBlindForEveryComponent()
    {
        var seen = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
        var components = new List<ComponentHealth>
        {
            new("payments", "Payments", HealthStatus.Operational, Scope.None,
                [new("cn-east", HealthStatus.Operational, 1, 10, seen), new("sg", HealthStatus.Blind, null, null, seen), new("eu-west", HealthStatus.Blind, null, null, null)]),
            new("balance", "Balance", HealthStatus.Operational, Scope.None,
                [new("cn-east", HealthStatus.Blind, null, null, seen), new("sg", HealthStatus.Blind, null, null, seen.AddMinutes(-1))]),
        };

        var spots = OperationsWatcher.BlindSpots(components);

        Assert.Equal([("sg", seen)], spots);
    }
}
