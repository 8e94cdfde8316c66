using StatusBoard.Probes.Definitions;
using StatusBoard.Probes.Health;
using StatusBoard.Probes.Incidents;
using StatusBoard.Probes.Notifications;

namespace StatusBoard.Tests.Notifications;

/// <summary>
/// A channel hears only what it is for (its events, components, least impact), and an incident nobody acknowledged
/// within a channel's escalateAfter goes to its escalateTo channel, once; acknowledged ones never do.
/// </summary>
public sealed class RoutingAndEscalationTests
{
    private static readonly DateTimeOffset Detected = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void AChannelLimitedToAComponentAndAnImpact_HearsNothingOfAnotherOrOfLess()
    {
        var payments = new ChannelOptions { Name = "payments-oncall", Components = ["payments"], MinImpact = "major" };

        Assert.True(payments.Hears(Opened(Incident("payments", Impact.Major))));
        Assert.True(payments.Hears(Opened(Incident("payments", Impact.Critical))));
        Assert.False(payments.Hears(Opened(Incident("balance", Impact.Critical))));
        Assert.False(payments.Hears(Opened(Incident("payments", Impact.Minor))));
        // What names no component (a blind region) reaches every channel that wants its type; a test always does.
        Assert.True(payments.Hears(new NotificationEvent("blind:sg", NotificationEvent.BlindSpot, Detected, "No results from sg", "blind", "/ops", new { region = "sg" })));
        Assert.True(new ChannelOptions { Events = ["incident.resolved"] }.Hears(NotificationEvent.TestFor("x", Detected)));
        Assert.False(new ChannelOptions { Events = ["incident.resolved"] }.Hears(Opened(Incident("payments", Impact.Major))));
    }

    [Fact]
    public void AnUnacknowledgedIncident_EscalatesAfterTheChannelsWait_OncePerChannel_AndAnAcknowledgedOneNever()
    {
        var channels = new[]
        {
            Channel(new ChannelOptions { Name = "dingtalk-payments", Type = "dingtalk", Components = ["payments"], EscalateAfter = "15m", EscalateTo = "pagerduty" }),
            Channel(new ChannelOptions { Name = "pagerduty", Type = "pagerduty" }),
            Channel(new ChannelOptions { Name = "slack-balance", Type = "slack", Components = ["balance"], EscalateAfter = "5m", EscalateTo = "pagerduty" }),
        };
        var open = Incident("payments", Impact.Major);
        var acknowledged = open with { Id = "inc-ack", AcknowledgedAt = Detected.AddMinutes(3) };
        var resolved = open with { Id = "inc-done", Status = IncidentStatus.Resolved, ResolvedAt = Detected.AddMinutes(10) };

        Assert.Empty(Escalation.Due([open, acknowledged, resolved], channels, Detected.AddMinutes(14)));
        var due = Escalation.Due([open, acknowledged, resolved], channels, Detected.AddMinutes(15));

        var (escalated, to) = Assert.Single(due);
        Assert.Equal(("pagerduty", NotificationEvent.IncidentEscalated, "inc-1:escalated:dingtalk-payments"), (to, escalated.Type, escalated.Id));
        Assert.Contains("unacknowledged for 15m on dingtalk-payments", escalated.Title, StringComparison.Ordinal);
        // The same id on the next beat: the outbox queues it once.
        Assert.Equal(escalated.Id, Assert.Single(Escalation.Due([open], channels, Detected.AddMinutes(40))).Event.Id);
    }

    [Fact]
    public void Escalation_IsValidatedTogether_AndToAChannelThatIsNotItself()
    {
        Assert.Contains("escalateTo", ChannelDirectory.Validate(new ChannelOptions { Name = "a", Type = "pagerduty", RoutingKey = "k", EscalateAfter = "15m" }).Fields);
        Assert.Contains("escalateAfter", ChannelDirectory.Validate(new ChannelOptions { Name = "a", Type = "pagerduty", RoutingKey = "k", EscalateAfter = "soon", EscalateTo = "b" }).Fields);
        Assert.Contains("minImpact", ChannelDirectory.Validate(new ChannelOptions { Name = "a", Type = "pagerduty", RoutingKey = "k", MinImpact = "huge" }).Fields);
        Assert.Empty(ChannelDirectory.Validate(new ChannelOptions { Name = "a", Type = "pagerduty", RoutingKey = "k", EscalateAfter = "15m", EscalateTo = "b", MinImpact = "minor" }).Fields);
    }

    private static Channel Channel(ChannelOptions options) => new(options.Name!, options, DefinitionSource.Api);

    private static NotificationEvent Opened(Incident incident) => IncidentNotifier.Event($"{incident.Id}:opened", NotificationEvent.IncidentOpened, incident, Detected);

    private static Incident Incident(string component, Impact impact) => new()
    {
        Id = "inc-1", Title = "Payments failing", Status = IncidentStatus.Investigating, Impact = impact, Scope = Scope.Regional,
        Components = [new AffectedComponent(component, component, HealthStatus.PartialOutage)],
        StartedAt = Detected.AddMinutes(-1), DetectedAt = Detected, UpdatedAt = Detected,
    };
}
