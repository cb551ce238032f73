namespace TrialMonitor.Safety.Statistics;

/// <summary>The median and interquartile range of a sample.</summary>
public sealed record QuartileSummary(int Count, double? Median, double? LowerQuartile, double? UpperQuartile);

/// <summary>Sample quantiles by linear interpolation between order statistics (R type 7, the R and Excel default).</summary>
public static class Quartiles
{
    public static QuartileSummary Of(IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return new QuartileSummary(0, null, null, null);
        return new QuartileSummary(sorted.Length, Quantile(sorted, 0.5), Quantile(sorted, 0.25), Quantile(sorted, 0.75));
    }

    public static double Quantile(IReadOnlyList<double> sorted, double probability)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Count == 0) throw new ArgumentException("no values", nameof(sorted));
        var position = (sorted.Count - 1) * probability;
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Count - 1);
        return sorted[below] + ((position - below) * (sorted[above] - sorted[below]));
    }
}
