using StatusBoard.Probes.Definitions;

namespace StatusBoard.Tests.Definitions;

public sealed class DurationsTests
{
    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("30s", 30_000)]
    [InlineData("5m", 300_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("1h30m", 5_400_000)]
    [InlineData("1.5s", 1_500)]
    [InlineData(" 2d ", 172_800_000)]
    public void TryParse_ValidText_ReadsMilliseconds(string text, double milliseconds)
    {
        Assert.True(Durations.TryParse(text, out var value, out var error), error);
        Assert.Equal(milliseconds, value.TotalMilliseconds);
    }

    [Theory]
    [InlineData("")]
    [InlineData("30")]
    [InlineData("30 s")]
    [InlineData("s")]
    [InlineData("-1s")]
    [InlineData("5 minutes")]
    [InlineData("99999d")]
    public void TryParse_InvalidText_SaysWhy(string text)
    {
        Assert.False(Durations.TryParse(text, out _, out var error));
        Assert.NotEmpty(error);
    }

    [Theory]
    [InlineData(1_500, "1500ms")]
    [InlineData(30_000, "30s")]
    [InlineData(90_000, "1m30s")]
    [InlineData(3_600_000, "1h")]
    public void Format_RoundTrips(double milliseconds, string expected)
    {
        var text = Durations.Format(TimeSpan.FromMilliseconds(milliseconds));
        Assert.Equal(expected, text);
        Assert.Equal(milliseconds, Durations.Parse(text).TotalMilliseconds);
    }
}
