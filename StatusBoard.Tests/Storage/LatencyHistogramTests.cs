using StatusBoard.Probes.Storage;

namespace StatusBoard.Tests.Storage;

public sealed class LatencyHistogramTests
{
    [Fact]
    public void Percentile_UniformOneToThousand_WithinFifteenPercent()
    {
        var histogram = new LatencyHistogram();
        for (var ms = 1; ms <= 1000; ms++)
        {
            histogram.Add(ms);
        }

        Assert.InRange(histogram.Percentile(0.50), 500, 575);
        Assert.InRange(histogram.Percentile(0.95), 950, 1000);
        Assert.InRange(histogram.Percentile(0.99), 990, 1000);
    }

    [Fact]
    public void Serialize_ThenMerge_EqualsOneHistogramOfBoth()
    {
        var a = new LatencyHistogram();
        var b = new LatencyHistogram();
        var both = new LatencyHistogram();
        foreach (var ms in new[] { 3.0, 40, 40, 900 })
        {
            a.Add(ms);
            both.Add(ms);
        }

        foreach (var ms in new[] { 5.0, 7000 })
        {
            b.Add(ms);
            both.Add(ms);
        }

        var merged = LatencyHistogram.Deserialize(a.Serialize(), a.Max);
        merged.Merge(LatencyHistogram.Deserialize(b.Serialize(), b.Max));

        Assert.Equal(both.Serialize(), merged.Serialize());
        Assert.Equal(6, merged.Count);
        Assert.Equal(both.Percentile(0.5), merged.Percentile(0.5));
        Assert.Equal(7000, merged.Percentile(1));
    }

    [Fact]
    public void Percentile_Empty_IsZero() => Assert.Equal(0, new LatencyHistogram().Percentile(0.99));
}
