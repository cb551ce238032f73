using System.Text.Json;
using TrialMonitor.Contracts.Patients;
using TrialMonitor.Grains;
using TrialMonitor.Server.Hosting;
using TrialMonitor.Server.Security;

namespace TrialMonitor.Server.Api;

/// <summary>Enrolment and status (api.md "Enrolment", "Patient status").</summary>
internal static class PatientEndpoints
{
    public static void MapPatientEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPut("/api/v1/patients/{patientId}", EnrolAsync).WithSmallBody();
        routes.MapGet("/api/v1/patients/{patientId}/status", GetStatusAsync);
    }

    private static async Task<IResult> EnrolAsync(string patientId, HttpRequest request, IGrainFactory grains, IConfiguration configuration, CancellationToken cancellationToken)
    {
        if (Identifiers.Problem("patientId", patientId) is { } badId) return Problems.BadRequest(badId);
        var (document, bodyProblem) = await JsonBody.ReadAsync(request, cancellationToken);
        if (bodyProblem is not null) return bodyProblem;
        Enrolment? enrolment;
        using (document)
        {
            if (!TryReadEnrolment(document!.RootElement, configuration["Trial:DefaultTrialId"], out enrolment, out var problem)) return Problems.BadRequest(problem!);
        }
        // A device enrols patients of its own centers only (issue 5).
        if (!request.HttpContext.User.WorksAt(enrolment!.CenterId))
            return Problems.Forbidden($"centerId: the caller does not work for center '{enrolment.CenterId}'");

        var result = await grains.Patient(patientId).EnrolAsync(enrolment!);
        request.HttpContext.Items[AuditMiddleware.BeforeItem] = result.Existing;
        return result.Outcome switch
        {
            EnrolmentOutcome.Enrolled => Results.Created($"/api/v1/patients/{patientId}/status", new { patientId, enrolment!.CenterId, enrolment.TrialId, enrolment.InfusionAt }),
            EnrolmentOutcome.Unchanged => Results.Ok(new { patientId, enrolment!.CenterId, enrolment.TrialId, enrolment.InfusionAt }),
            _ => Problems.Conflict(result.Detail ?? "the patient is enrolled with different details"),
        };
    }

    private static async Task<IResult> GetStatusAsync(string patientId, IGrainFactory grains)
    {
        if (Identifiers.Problem("patientId", patientId) is { } badId) return Problems.BadRequest(badId);
        var status = await grains.Patient(patientId).GetStatusAsync();
        return status is null ? Problems.NotFound($"patientId: patient '{patientId}' is not enrolled") : Results.Ok(status);
    }

    internal static bool TryReadEnrolment(JsonElement body, string? defaultTrialId, out Enrolment? enrolment, out string? problem)
    {
        enrolment = null;
        problem = null;
        if (body.ValueKind != JsonValueKind.Object)
        {
            problem = "the body must be a JSON object with centerId, trialId, infusionAt, ageYears and indication";
            return false;
        }

        var centerId = Text(body, "centerId", ref problem);
        var trialId = Text(body, "trialId", ref problem) ?? defaultTrialId;
        var infusionText = Text(body, "infusionAt", ref problem);
        var indication = Text(body, "indication", ref problem);
        // Optional: the product and dose cohort break the safety report down by cohort (issue 7).
        var product = Text(body, "product", ref problem);
        var doseCohort = Text(body, "doseCohort", ref problem);
        if (problem is not null) return false;

        if ((problem = Identifiers.Problem("centerId", centerId)) is not null) return false;
        if (trialId is null)
        {
            problem = "trialId: is required (no default trial is configured: set Trial:DefaultTrialId to allow omitting it)";
            return false;
        }

        if ((problem = Identifiers.Problem("trialId", trialId)) is not null) return false;
        if (infusionText is null)
        {
            problem = "infusionAt: is required";
            return false;
        }

        if (!ObservationRequestParser.TryParseTime(infusionText, out var infusionAt))
        {
            problem = $"infusionAt: '{infusionText}' is not an ISO-8601 time with an offset";
            return false;
        }

        int? age = null;
        if (body.TryGetProperty("ageYears", out var ageElement) && ageElement.ValueKind != JsonValueKind.Null)
        {
            if (ageElement.ValueKind != JsonValueKind.Number || !ageElement.TryGetInt32(out var years) || years is < 0 or > 120)
            {
                problem = $"ageYears: {ageElement.GetRawText()} is not a whole number of years between 0 and 120";
                return false;
            }

            age = years;
        }

        if (indication is { Length: > 40 })
        {
            problem = "indication: at most 40 characters (e.g. SLE, AIHA, SSc, myositis)";
            return false;
        }

        if (product is { Length: > 60 })
        {
            problem = "product: at most 60 characters (e.g. MB-CART19.1)";
            return false;
        }

        if (doseCohort is { Length: > 40 })
        {
            problem = "doseCohort: at most 40 characters (e.g. 1e6/kg)";
            return false;
        }

        enrolment = new Enrolment(centerId!, trialId, infusionAt, age, indication, product, doseCohort);
        return true;
    }

    private static string? Text(JsonElement body, string name, ref string? problem)
    {
        if (!body.TryGetProperty(name, out var property) || property.ValueKind == JsonValueKind.Null) return null;
        if (property.ValueKind == JsonValueKind.String) return property.GetString();
        problem ??= $"{name}: must be a string, not {property.GetRawText()}";
        return null;
    }
}
