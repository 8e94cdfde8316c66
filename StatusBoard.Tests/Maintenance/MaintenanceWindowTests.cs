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

    public static TheoryData<string, double, MaintenanceStatus, double?> CronCases => new()
    {
        // Sundays and Wednesdays at 03:00 UTC, one hour each, from Monday 02:00; "hours after Start", status, next/current start
        { "before the first Wednesday", 1, MaintenanceStatus.Scheduled, 49 },
        { "during the first Wednesday", 49.5, MaintenanceStatus.InProgress, 49 },
        { "just after it, verifying", 50.25, MaintenanceStatus.Verifying, 145 },
        { "after verifying, scheduled for Sunday", 51, MaintenanceStatus.Scheduled, 145 },
        { "during Sunday", 145.9, MaintenanceStatus.InProgress, 145 },
    };

    [Theory]
    [MemberData(nameof(CronCases))]
    public void Cron_StatusAt_Case(string name, double hours, MaintenanceStatus status, double? occurrence)
    {
        var window = Window(Recurrence.Cron) with { Cron = "0 3 * * 0,3", VerifyFor = TimeSpan.FromMinutes(30) };
        var now = Start.AddHours(hours);

        Assert.True(status == window.StatusAt(now), $"{name}: {window.StatusAt(now)}");
        Assert.Equal(occurrence is { } h ? Start.AddHours(h) : null, window.OccurrenceAt(now)?.Start);
        Assert.Equal(status == MaintenanceStatus.InProgress, window.Covers("payments", now));
    }

    [Fact]
    public void OneOff_WithVerification_VerifiesThenCompletes_AndCoversOnlyWhileInProgress()
    {
        var window = Window(Recurrence.None) with { VerifyFor = TimeSpan.FromMinutes(15) };

        Assert.Equal(MaintenanceStatus.Verifying, window.StatusAt(Start.AddHours(1).AddMinutes(10)));
        Assert.False(window.Covers("payments", Start.AddHours(1).AddMinutes(10)));
        Assert.Equal(MaintenanceStatus.Completed, window.StatusAt(Start.AddHours(1).AddMinutes(16)));
    }

    [Theory]
    [InlineData("0 3 * * 0", true)]
    [InlineData("*/15 * * * *", true)]
    [InlineData("61 * * * *", false)]
    [InlineData("every sunday", false)]
    [InlineData("", false)]
    public void TryParseCron_Case(string text, bool valid)
    {
        Assert.Equal(valid, MaintenanceWindow.TryParseCron(text, out var error));
        Assert.Equal(valid, error is null);
    }

    [Fact]
    public void EndingAOneOffEarly_EndsItNow_ThenVerifies()
    {
        var window = Window(Recurrence.None) with { VerifyFor = TimeSpan.FromMinutes(15) };
        var now = Start.AddMinutes(20);

        var ended = window.EndedAt(now)!;

        Assert.Equal(now, ended.EndsAt);
        Assert.Equal(MaintenanceStatus.Verifying, ended.StatusAt(now.AddMinutes(1)));
        Assert.False(ended.Covers("payments", now.AddMinutes(1)));
        Assert.Equal(MaintenanceStatus.Completed, ended.StatusAt(now.AddMinutes(16)));
    }

    [Fact]
    public void EndingARecurringOccurrenceEarly_EndsThatOccurrenceOnly()
    {
        var window = Window(Recurrence.Daily);
        var now = Start.AddHours(24).AddMinutes(10); // the second night, ten minutes in

        var ended = window.EndedAt(now)!;

        Assert.Equal([new EarlyEnd(Start.AddHours(24), now)], ended.EndedEarly);
        Assert.False(ended.Covers("payments", now.AddMinutes(1)));
        Assert.Equal((Start.AddHours(48), Start.AddHours(49)), ended.OccurrenceAt(now.AddMinutes(1)));
        Assert.True(ended.Covers("payments", Start.AddHours(48).AddMinutes(30)));
    }

    [Fact]
    public void NothingInProgress_HasNothingToEnd()
    {
        Assert.Null(Window(Recurrence.None).EndedAt(Start.AddHours(-1)));
        Assert.Null(Window(Recurrence.Daily).EndedAt(Start.AddHours(3)));
    }
}
