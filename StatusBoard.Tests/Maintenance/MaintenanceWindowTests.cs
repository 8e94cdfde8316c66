using StatusBoard.Probes.Maintenance;

namespace StatusBoard.Tests.Maintenance;

public sealed class MaintenanceWindowTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 2, 0, 0, TimeSpan.Zero); // a Monday, 02:00 UTC

    private static MaintenanceWindow Window(Recurrence recurrence, DateTimeOffset? until = null) => new()
    {
        Id = "w",
        Title = "Nightly backup",
        Components = ["payments"],
        StartsAt = Start,
        EndsAt = Start.AddHours(1),
        CreatedAt = Start.AddDays(-1),
        Recurrence = recurrence,
        Until = until,
    };

    public static TheoryData<string, Recurrence, double, MaintenanceStatus, double?> Cases => new()
    {
        // name, recurrence, hours after the first start, status, hours after the first start of the occurrence shown
        { "before a one-off", Recurrence.None, -3, MaintenanceStatus.Scheduled, 0 },
        { "during a one-off", Recurrence.None, 0.5, MaintenanceStatus.InProgress, 0 },
        { "after a one-off", Recurrence.None, 1, MaintenanceStatus.Completed, null },
        { "daily, second night, during", Recurrence.Daily, 24.5, MaintenanceStatus.InProgress, 24 },
        { "daily, between nights", Recurrence.Daily, 30, MaintenanceStatus.Scheduled, 48 },
        { "weekly, mid-week", Recurrence.Weekly, 72, MaintenanceStatus.Scheduled, 168 },
        { "weekly, next Monday, during", Recurrence.Weekly, 168.25, MaintenanceStatus.InProgress, 168 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void StatusAt_Case(string name, Recurrence recurrence, double hours, MaintenanceStatus status, double? occurrence)
    {
        var window = Window(recurrence);
        var now = Start.AddHours(hours);

        Assert.True(status == window.StatusAt(now), name);
        Assert.Equal(occurrence is { } h ? Start.AddHours(h) : null, window.OccurrenceAt(now)?.Start);
    }

    [Fact]
    public void Daily_AfterUntil_IsCompleted()
    {
        var window = Window(Recurrence.Daily, until: Start.AddDays(2));

        Assert.Equal(MaintenanceStatus.InProgress, window.StatusAt(Start.AddDays(2).AddMinutes(30)));
        Assert.Equal(MaintenanceStatus.Completed, window.StatusAt(Start.AddDays(2).AddHours(2)));
        Assert.False(window.Covers("payments", Start.AddDays(3).AddMinutes(30)));
    }
}
