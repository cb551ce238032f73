using System.Text.Json;
using TrialMonitor.Server.Api;

namespace TrialMonitor.Server.Security;

/// <summary>
/// <c>POST /dev/token</c> <c>{"role": "clinician", "center": "FR-BDX", "user": "dr-martin"}</c> → a bearer token from
/// the development issuer, for the sign-in page. Mapped only in Development with self-signed tokens: elsewhere the
/// route does not exist (404), so it needs no entry in <see cref="AccessRules"/> (which governs <c>/api</c> only).
/// </summary>
internal static class DevelopmentSignIn
{
    public const string Path = "/dev/token";

    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);

    private static readonly string[] CenterBound = [TrialMonitorRoles.Clinician, TrialMonitorRoles.Investigator, TrialMonitorRoles.DataManager, TrialMonitorRoles.Device];

    public static void MapDevelopmentSignIn(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment() || app.Services.GetRequiredService<AuthOptions>().Authority is not null) return;
        app.MapPost(Path, MintAsync).WithSmallBody();
    }

    private static async Task<IResult> MintAsync(HttpRequest request, AuthOptions options, TimeProvider clock)
    {
        var (document, problem) = await JsonBody.ReadAsync(request, request.HttpContext.RequestAborted);
        if (problem is not null) return problem;
        using (document)
        {
            var body = document!.RootElement;
            if (body.ValueKind != JsonValueKind.Object) return Problems.BadRequest("the body must be a JSON object with role, center and user");
            var role = Text(body, "role");
            var center = Text(body, "center");
            var user = Text(body, "user");
            if (role is null || !TrialMonitorRoles.All.Contains(role))
                return Problems.BadRequest($"role: must be one of {string.Join(", ", TrialMonitorRoles.All)}");
            if (center is null && CenterBound.Contains(role)) return Problems.BadRequest($"center: is required for {role} ('*' for every center)");
            if (center is not null && center != TrialMonitorRoles.AllCenters && Identifiers.Problem("center", center) is { } badCenter) return Problems.BadRequest(badCenter);
            if (user is not null && Identifiers.Problem("user", user) is { } badUser) return Problems.BadRequest(badUser);
            user ??= $"dev-{role}";
            var now = clock.GetUtcNow();
            string[] centers = center is null ? [] : [center];
            var token = DevelopmentTokens.Create(options, user, [role], centers, Lifetime, now);
            return Results.Ok(new { token, user, roles = new[] { role }, centers, expiresAt = now + Lifetime });
        }
    }

    private static string? Text(JsonElement body, string name) =>
        body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;
}
