using StatusBoard.Probes.Classification;
using StatusBoard.Probes.Health;

namespace StatusBoard.Tests.Health;

public sealed class HealthTrackerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);

    private static Outcome StateAfter(params Outcome[] outcomes)
    {
        var tracker = new HealthTracker(Options.Create(new HealthOptions { ConfirmationCount = 2, RecoveryCount = 2 }));
        for (var i = 0; i < outcomes.Length; i++)
        {
            tracker.Record(TestResults.Make(T0.AddSeconds(i * 10), outcomes[i]));
        }

        return Assert.Single(tracker.Snapshot(T0.AddSeconds(outcomes.Length * 10))).State;
    }

    [Fact]
    public void Record_OneFailure_DoesNotFlap() =>
        Assert.Equal(Outcome.Up, StateAfter(Outcome.Up, Outcome.Down, Outcome.Up));

    [Fact]
    public void Record_FailuresInARow_Confirm() =>
        Assert.Equal(Outcome.Down, StateAfter(Outcome.Up, Outcome.Down, Outcome.Down));

    [Fact]
    public void Record_FirstResultsFailing_ConfirmToo() =>
        Assert.Equal(Outcome.Down, StateAfter(Outcome.Down, Outcome.Down));

    [Fact]
    public void Record_OneSuccessAfterOutage_NotYetRecovered() =>
        Assert.Equal(Outcome.Down, StateAfter(Outcome.Down, Outcome.Down, Outcome.Up));

    [Fact]
    public void Record_SuccessesInARow_Recover() =>
        Assert.Equal(Outcome.Up, StateAfter(Outcome.Down, Outcome.Down, Outcome.Up, Outcome.Up));

    [Fact]
    public void Record_DegradedAfterDown_FollowsAtOnce() =>
        Assert.Equal(Outcome.Degraded, StateAfter(Outcome.Down, Outcome.Down, Outcome.Degraded));

    [Fact]
    public void Statuses_ReadAgainWithoutAResult_AreTheSame_AndFollowTheNextResult()
    {
        var tracker = new HealthTracker(Options.Create(new HealthOptions { ConfirmationCount = 2, RecoveryCount = 2 }));
        tracker.Record(TestResults.Make(T0, Outcome.Down));
        var first = Assert.Single(tracker.Snapshot(T0.AddSeconds(5), withRecent: false));
        Assert.Same(first, Assert.Single(tracker.Snapshot(T0.AddSeconds(9), withRecent: false)));
        Assert.Equal((Outcome.Up, Outcome.Down, 1), (first.State, first.LastOutcome, first.InRow));
        Assert.Empty(first.Recent);

        tracker.Record(TestResults.Make(T0.AddSeconds(10), Outcome.Down));
        var next = Assert.Single(tracker.Snapshot(T0.AddSeconds(11), withRecent: false));
        Assert.Equal((Outcome.Down, 2, T0.AddSeconds(10), T0), (next.State, next.InRow, next.LastResultAt, next.FailingSince));

        // The figures' view is made afresh each time, with the recent results.
        Assert.Equal(2, Assert.Single(tracker.Snapshot(T0.AddSeconds(11))).Recent.Count);
    }

    private static PairHealth PairAfter(params Outcome[] outcomes)
    {
        var tracker = new HealthTracker(Options.Create(new HealthOptions { ConfirmationCount = 2, RecoveryCount = 2 }));
        for (var i = 0; i < outcomes.Length; i++)
        {
            tracker.Record(TestResults.Make(T0.AddSeconds(i * 10), outcomes[i]));
        }

        return Assert.Single(tracker.Snapshot(T0.AddSeconds(outcomes.Length * 10)));
    }

    [Theory]
    [InlineData("healthy", "uuu", false, "3 ok in a row")]
    [InlineData("first failure, not yet confirmed", "uud", true, "1 of 2 failed to confirm")]
    [InlineData("confirmed", "udd", false, "2 failed in a row")]
    [InlineData("recovering", "uddu", false, "recovering: 1 of 2 ok")]
    [InlineData("recovered", "udduu", false, "2 ok in a row")]
    public void Snapshot_SaysWhatTheStateStandsOn(string name, string outcomes, bool unconfirmed, string basis)
    {
        var pair = PairAfter([.. outcomes.Select(c => c == 'd' ? Outcome.Down : Outcome.Up)]);

        Assert.True(unconfirmed == pair.Unconfirmed, name);
        Assert.Equal(basis, StatusBoard.Web.Live.BoardBuilder.Basis(pair, new HealthOptions { ConfirmationCount = 2, RecoveryCount = 2 }));
    }

    [Fact]
    public void Snapshot_DropsResultsOutsideTheWindow()
    {
        var tracker = new HealthTracker(Options.Create(new HealthOptions { Window = TimeSpan.FromMinutes(5) }));
        tracker.Record(TestResults.Make(T0));
        tracker.Record(TestResults.Make(T0.AddMinutes(4)));

        var pair = Assert.Single(tracker.Snapshot(T0.AddMinutes(6)));

        Assert.Single(pair.Recent);
        Assert.Equal(T0.AddMinutes(4), pair.LastResultAt);
    }
}
