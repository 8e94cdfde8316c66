using StatusBoard.Probes.Maintenance;
using StatusBoard.Web.Hubs;
using Seen = StatusBoard.Web.Hubs.MaintenanceBroadcast.Seen;

namespace StatusBoard.Tests.Web.Hubs;

public sealed class MaintenanceBroadcastTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 2, 2, 0, 0, TimeSpan.Zero);

    private static Seen Window(string id, MaintenanceStatus status, string title = "Ledger failover") =>
        new(new MaintenanceWindow { Id = id, Title = title, Components = ["payments"], StartsAt = At, EndsAt = At.AddHours(1), CreatedAt = At }, title, status);

    private static List<string> Changes(Seen[] before, Seen[] now) =>
        [.. MaintenanceBroadcast.Changes(before.ToDictionary(s => s.Window.Id), now.ToDictionary(s => s.Window.Id)).Select(c => $"{c.Window.Id}:{c.Change}")];

    [Fact]
    public void StatusChanges_AreToldAsWhatHappened_AndAnEditOnlyWhenTheStatusStayed()
    {
        Assert.Equal(["a:verifying", "b:completed", "c:completed", "d:updated"], Changes(
            [Window("a", MaintenanceStatus.InProgress), Window("b", MaintenanceStatus.Verifying), Window("c", MaintenanceStatus.InProgress), Window("d", MaintenanceStatus.Scheduled)],
            [Window("a", MaintenanceStatus.Verifying, "edited too"), Window("b", MaintenanceStatus.Completed), Window("c", MaintenanceStatus.Scheduled), Window("d", MaintenanceStatus.Scheduled, "moved")]));
    }

    [Fact]
    public void NothingChanged_TellsNothing_AndACompletedWindowLeavingHistory_IsNoCancellation()
    {
        Assert.Empty(Changes([Window("a", MaintenanceStatus.Scheduled)], [Window("a", MaintenanceStatus.Scheduled)]));
        Assert.Empty(Changes([Window("old", MaintenanceStatus.Completed)], []));
        Assert.Equal(["gone:cancelled"], Changes([Window("gone", MaintenanceStatus.Scheduled)], []));
    }
}
