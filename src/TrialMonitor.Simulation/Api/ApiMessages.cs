using System.Text.Json;
using System.Text.Json.Serialization;

namespace TrialMonitor.Simulation.Api;

/// <summary>The body of <c>PUT /api/v1/patients/{patientId}</c>.</summary>
public sealed record EnrolmentRequest(string CenterId, string TrialId, DateTimeOffset InfusionAt, int AgeYears, string Indication);

/// <summary>The body of <c>PUT /api/v1/centers/{centerId}/on-call</c>: who holds each alert role when.</summary>
public sealed record OnCallRequest(IReadOnlyList<OnCallShiftRequest> Shifts);

public sealed record OnCallShiftRequest(string Role, string Person, string? Contact, DateTimeOffset From, DateTimeOffset To);

/// <summary>The body of <c>POST /api/v1/observations</c>.</summary>
public sealed record ObservationBatchRequest(IReadOnlyList<WireObservation> Observations);

/// <summary>One rejected observation of a batch, as the server reports it.</summary>
public sealed record RejectedObservation(int Index, string? Id, string? Error);

/// <summary>The <c>202</c> answer to a batch.</summary>
public sealed record ObservationBatchResponse(int Accepted, int Duplicates, IReadOnlyList<RejectedObservation>? Rejected);

/// <summary>JSON as the contract writes it: camelCase, ISO-8601 times with an offset, absent rather than null.</summary>
public static class ApiJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
