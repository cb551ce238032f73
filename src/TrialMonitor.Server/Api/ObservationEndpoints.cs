using System.Globalization;
using TrialMonitor.Contracts.Observations;
using TrialMonitor.Contracts.Patients;
using TrialMonitor.Grains;
using TrialMonitor.Grains.Telemetry;
using TrialMonitor.Persistence;
using TrialMonitor.Server.Hosting;
using TrialMonitor.Server.Security;

namespace TrialMonitor.Server.Api;

/// <summary><c>POST /api/v1/observations</c> (api.md "Observations").</summary>
internal static class ObservationEndpoints
{
    public sealed record IngestResponse(int Accepted, int Duplicates, IReadOnlyList<RejectedObservation> Rejected);

    public static void MapObservationEndpoints(this IEndpointRouteBuilder routes) =>
        routes.MapPost("/api/v1/observations", IngestAsync);

    private static async Task<IResult> IngestAsync(HttpRequest request, IGrainFactory grains, IObservationLog log, TimeProvider clock, CancellationToken cancellationToken)
    {
        // Beyond capacity, refuse before reading the body (README "Hardened input": overload).
        var services = request.HttpContext.RequestServices;
        var size = request.ContentLength ?? RequestSizeLimits.Of(request.HttpContext) ?? 0;
        using var ticket = services.GetRequiredService<IngestAdmission>().TryEnter(size);
        if (ticket is null)
        {
            var retryAfter = services.GetRequiredService<ApiLimitsOptions>().RetryAfterSeconds;
            request.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
            return Problems.Unavailable($"the body was not read: the server is handling as many observations as it may hold at once; retry after {retryAfter} s");
        }

        // A device posts for its own centers only (issue 5): the patient grains check each patient's center.
        var allowedCenters = request.HttpContext.User.Centers();
        return await IngestForCentersAsync(request, grains, log, clock, allowedCenters, cancellationToken);
    }

    private static async Task<IResult> IngestForCentersAsync(HttpRequest request, IGrainFactory grains, IObservationLog log, TimeProvider clock, IReadOnlyList<string>? allowedCenters, CancellationToken cancellationToken)
    {
        var receivedAt = clock.GetUtcNow();
        var (document, bodyProblem) = await JsonBody.ReadAsync(request, cancellationToken);
        if (bodyProblem is not null) return bodyProblem;
        List<ParsedItem> items;
        using (document)
        {
            if (!ObservationRequestParser.TryParse(document!.RootElement, receivedAt, out items, out var problem)) return Problems.BadRequest(problem!);
        }

        var rejected = new List<RejectedObservation>();
        var quarantine = new List<QuarantinedObservation>();
        var byPatient = new Dictionary<string, List<SubmittedObservation>>(StringComparer.Ordinal);
        // Items refused before any patient is looked up have no center; the patient grains count the rest.
        var unparsed = new IngestMetrics.Tally(IngestMetrics.UnknownCenter);
        foreach (var item in items)
        {
            if (item.Rejection is { } rejection)
            {
                rejected.Add(rejection);
                unparsed.Add(IngestMetrics.Rejected, item.Observation?.Code);
                quarantine.Add(new QuarantinedObservation(rejection.Id, item.PatientId, null, item.Json!, FieldOf(rejection.Error), rejection.Error, receivedAt));
                continue;
            }

            if (!byPatient.TryGetValue(item.PatientId!, out var batch)) byPatient[item.PatientId!] = batch = [];
            batch.Add(item.Observation!);
        }

        unparsed.Flush();
        // Rejected items are kept for review before anyone is told they were rejected.
        await log.QuarantineAsync(quarantine, cancellationToken);

        // One grain call per patient, all patients in parallel; each returns once its observations are durable.
        var results = await Task.WhenAll(byPatient.Select(p => grains.Patient(p.Key).IngestAsync(p.Value, allowedCenters)));
        var accepted = 0;
        var duplicates = 0;
        foreach (var result in results)
        {
            accepted += result.Accepted;
            duplicates += result.Duplicates;
            rejected.AddRange(result.Rejected);
        }

        rejected.Sort((a, b) => a.Index.CompareTo(b.Index));
        return Results.Json(new IngestResponse(accepted, duplicates, rejected), statusCode: StatusCodes.Status202Accepted);
    }

    private static string FieldOf(string error)
    {
        var colon = error.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 ? error[..colon] : "observation";
    }
}
