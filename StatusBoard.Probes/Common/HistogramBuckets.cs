namespace StatusBoard.Probes.Common;

/// <summary>Fixed-bound histograms, as Prometheus has them: a value goes in the first bucket whose upper bound holds it.</summary>
public static class HistogramBuckets
{
    /// <summary>The bucket of <paramref name="value"/>: an index into <paramref name="bounds"/>, or its length for +Inf.</summary>
    public static int IndexOf(double[] bounds, double value)
    {
        for (var i = 0; i < bounds.Length; i++)
        {
            if (value <= bounds[i])
            {
                return i;
            }
        }

        return bounds.Length;
    }
}
