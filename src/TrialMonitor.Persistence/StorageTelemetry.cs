using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace TrialMonitor.Persistence;

/// <summary>
/// Traces and metrics of the observation log: an <c>observation_log append</c> span per caller (a patient grain's
/// batch, in the ingest request's trace) waiting for its group commit, and an <c>observation_log commit</c> span per
/// transaction, child of the first caller's span and linked to the others; the commit duration as a histogram.
/// </summary>
public static class StorageTelemetry
{
    public const string ActivitySourceName = "TrialMonitor.Persistence";

    internal static readonly ActivitySource Source = new(ActivitySourceName);

    private static readonly Meter Meter = new("TrialMonitor");

    private static readonly Histogram<double> CommitDuration = Meter.CreateHistogram(
        "trialmonitor.observation_log.commit.duration", "s",
        "One group commit of the observation log (the rows of every waiting caller in one transaction), by database.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] });

    private static readonly Histogram<int> CommitRows = Meter.CreateHistogram(
        "trialmonitor.observation_log.commit.rows", "{observation}", "Rows written by one group commit of the observation log, by database.",
        advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 10, 100, 1000, 5000, 20000] });

    internal static string DatabaseOf(IObservationLog log) => log switch
    {
        PostgresObservationLog => "postgresql",
        SqliteObservationLog => "sqlite",
        _ => "other",
    };

    internal static void Committed(string database, TimeSpan elapsed, int rows)
    {
        var tags = new TagList { { "db_system", database } };
        CommitDuration.Record(elapsed.TotalSeconds, tags);
        CommitRows.Record(rows, tags);
    }
}
