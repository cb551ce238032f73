using TrialMonitor.Persistence;

namespace TrialMonitor.Server.Api;

/// <summary>The audit log and its verification (README "Audit").</summary>
internal static class AuditEndpoints
{
    public const int MaxLimit = 1000;

    public sealed record AuditVerifyResponse(long Verified, AuditBrokenLink? FirstBrokenLink);

    public static void MapAuditEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v1/audit", ListAsync);
        routes.MapGet("/api/v1/audit/verify", async (IAuditLog audit, CancellationToken cancellationToken) =>
        {
            var verification = await audit.VerifyAsync(cancellationToken);
            return Results.Ok(new AuditVerifyResponse(verification.Verified, verification.FirstBrokenLink));
        });
    }

    private static async Task<IResult> ListAsync(string? afterSequence, string? limit, IAuditLog audit, CancellationToken cancellationToken)
    {
        long after = 0;
        if (afterSequence is not null && (!long.TryParse(afterSequence, out after) || after < 0))
            return Problems.BadRequest($"afterSequence: '{afterSequence}' is not a whole number ≥ 0");
        var take = 100;
        if (limit is not null && (!int.TryParse(limit, out take) || take < 1 || take > MaxLimit))
            return Problems.BadRequest($"limit: '{limit}' is not a whole number from 1 to {MaxLimit}");
        return Results.Ok(await audit.ReadAsync(after, take, cancellationToken));
    }
}
