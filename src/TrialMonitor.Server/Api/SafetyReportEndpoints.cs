using TrialMonitor.Contracts.Trials;
using TrialMonitor.Grains.Safety;
using TrialMonitor.Safety;
using TrialMonitor.Safety.Report;

namespace TrialMonitor.Server.Api;

/// <summary>
/// The safety board's report (issue 7): GET /api/v1/trials/{trialId}/safety-report?asOf=…&amp;format=json|csv|html, and
/// the trial's safety-signal alerts. Aggregates only: the report names no patient.
/// </summary>
internal static class SafetyReportEndpoints
{
    public static readonly string[] Formats = ["json", "csv", "html"];

    public static void AddSafetyReports(this WebApplicationBuilder builder)
    {
        // Windows, benchmarks, priors and thresholds ("Safety:Report"), and the live check ("Safety:Signals"): cited defaults.
        builder.Services.AddSingleton(builder.Configuration.GetSection("Safety:Report").Get<SafetyReportOptions>() ?? SafetyReportOptions.Default);
        builder.Services.AddSingleton(builder.Configuration.GetSection("Safety:Signals").Get<SafetySignalOptions>() ?? SafetySignalOptions.Default);
    }

    public static void MapSafetyReportEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v1/trials/{trialId}/safety-report", GetReportAsync);
        routes.MapGet("/api/v1/trials/{trialId}/safety-signals", async (string trialId, IGrainFactory grains) =>
            Identifiers.Problem("trialId", trialId) is { } bad
                ? Problems.BadRequest(bad)
                : Results.Ok(await grains.GetGrain<ITrialGrain>(trialId).GetSafetySignalsAsync()));
    }

    private static async Task<IResult> GetReportAsync(string trialId, string? asOf, string? format, IGrainFactory grains, SafetyReportOptions options, TimeProvider clock)
    {
        if (Identifiers.Problem("trialId", trialId) is { } badTrial) return Problems.BadRequest(badTrial);
        var now = clock.GetUtcNow();
        var cut = now;
        if (asOf is not null)
        {
            if (!ObservationRequestParser.TryParseTime(asOf, out cut))
                return Problems.BadRequest($"asOf: '{Shorten(asOf)}' is not an ISO-8601 time with an offset (e.g. 2026-03-03T14:05:00Z)");
            // Refused rather than clamped: a cut in the future would change as data arrive, so it could not be reproduced.
            if (cut > now) return Problems.BadRequest($"asOf: {cut:O} is in the future; a data cut must be at or before now ({now:O})");
        }

        var kind = format?.ToLowerInvariant() ?? "json";
        if (!Formats.Contains(kind, StringComparer.Ordinal))
            return Problems.BadRequest($"format: '{Shorten(format!)}' is not one of {string.Join(", ", Formats)}");

        var trial = grains.GetGrain<ITrialGrain>(trialId);
        var summary = await trial.GetSummaryAsync();
        if (summary.Centers.Count == 0) return Problems.NotFound($"trialId: trial '{trialId}' has no enrolled patients");

        var snapshot = await trial.GetSafetySnapshotAsync(cut.ToUniversalTime());
        var report = SafetyReportBuilder.Build(trialId, snapshot.AsOf, snapshot.Records.Select(SafetyRecordMapping.FromData), options);
        return kind switch
        {
            "csv" => Results.Text(SafetyReportCsv.Write(report), "text/csv; charset=utf-8"),
            "html" => Results.Text(SafetyReportHtml.Write(report), "text/html; charset=utf-8"),
            _ => Results.Ok(report),
        };
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
