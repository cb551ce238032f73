using System.Text.Json;
using TrialMonitor.Contracts.Webhooks;
using TrialMonitor.Grains.Webhooks;
using TrialMonitor.Server.Hosting;

namespace TrialMonitor.Server.Api;

/// <summary>A center's outgoing webhook: its settings (secret never shown), its queue and its dead letters.</summary>
internal static class WebhookEndpoints
{
    public static void MapWebhookEndpoints(this IEndpointRouteBuilder routes)
    {
        const string Webhook = "/api/v1/centers/{centerId}/webhook";
        routes.MapPut(Webhook, ConfigureAsync).WithSmallBody();
        routes.MapGet(Webhook, async (string centerId, IGrainFactory grains) =>
        {
            if (Identifiers.Problem("centerId", centerId) is { } bad) return Problems.BadRequest(bad);
            return await grains.GetGrain<IWebhookGrain>(centerId).GetSettingsAsync() is { } settings
                ? Results.Ok(settings)
                : Problems.NotFound($"centerId: center '{centerId}' has no webhook");
        });
        routes.MapDelete(Webhook, async (string centerId, HttpContext context, IGrainFactory grains) =>
        {
            if (Identifiers.Problem("centerId", centerId) is { } bad) return Problems.BadRequest(bad);
            // The settings as shown (the secret redacted), before the change.
            context.Items[AuditMiddleware.BeforeItem] = await grains.GetGrain<IWebhookGrain>(centerId).GetSettingsAsync();
            await grains.GetGrain<IWebhookGrain>(centerId).ConfigureAsync(null);
            return Results.NoContent();
        });
        routes.MapGet(Webhook + "/pending", async (string centerId, IGrainFactory grains) =>
            Identifiers.Problem("centerId", centerId) is { } bad ? Problems.BadRequest(bad) : Results.Ok(await grains.GetGrain<IWebhookGrain>(centerId).GetPendingAsync()));
        routes.MapGet(Webhook + "/dead-letters", async (string centerId, IGrainFactory grains) =>
            Identifiers.Problem("centerId", centerId) is { } bad ? Problems.BadRequest(bad) : Results.Ok(await grains.GetGrain<IWebhookGrain>(centerId).GetDeadLettersAsync()));
        routes.MapPost(Webhook + "/dead-letters/{notificationId}/retry", async (string centerId, string notificationId, IGrainFactory grains) =>
        {
            if (Identifiers.Problem("centerId", centerId) is { } bad) return Problems.BadRequest(bad);
            return await grains.GetGrain<IWebhookGrain>(centerId).RetryDeadLetterAsync(notificationId) switch
            {
                WebhookRetryOutcome.Queued => Results.Accepted(),
                WebhookRetryOutcome.NoWebhook => Problems.Conflict($"centerId: center '{centerId}' has no webhook to send it to; configure one first"),
                _ => Problems.NotFound($"notificationId: no dead letter '{notificationId}' at center '{centerId}'"),
            };
        }).WithSmallBody();
    }

    private static async Task<IResult> ConfigureAsync(string centerId, HttpContext context, IGrainFactory grains)
    {
        if (Identifiers.Problem("centerId", centerId) is { } bad) return Problems.BadRequest(bad);
        WebhookSettings settings;
        var (document, bodyProblem) = await JsonBody.ReadAsync(context.Request, context.RequestAborted);
        if (bodyProblem is not null) return bodyProblem;
        using (document)
        {
            var root = document!.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return Problems.BadRequest("the body must be a JSON object { \"url\": \"https://...\", \"secret\": \"...\" }");
            if (!root.TryGetProperty("url", out var url) || url.ValueKind == JsonValueKind.Null) return Problems.BadRequest("url: required");
            if (url.ValueKind != JsonValueKind.String) return Problems.BadRequest("url: must be a string");
            var text = url.GetString()!;
            if (text.Length > WebhookGrain.MaxUrlLength) return Problems.BadRequest($"url: at most {WebhookGrain.MaxUrlLength:N0} characters");
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri)) return Problems.BadRequest("url: must be an absolute http or https URL");

            string? secret = null;
            if (root.TryGetProperty("secret", out var s) && s.ValueKind != JsonValueKind.Null)
            {
                if (s.ValueKind != JsonValueKind.String) return Problems.BadRequest("secret: must be a string");
                secret = s.GetString();
            }

            settings = new WebhookSettings(uri, secret);
        }

        if (WebhookGrain.Problem(settings) is { } problem) return Problems.BadRequest(problem);
        var grain = grains.GetGrain<IWebhookGrain>(centerId);
        context.Items[AuditMiddleware.BeforeItem] = await grain.GetSettingsAsync();
        try
        {
            await grain.ConfigureAsync(settings);
        }
        catch (ArgumentException exception)
        {
            // The grain validates as this endpoint does; should the two ever differ, the caller still gets a 400.
            return Problems.BadRequest(exception);
        }

        return Results.Ok(await grain.GetSettingsAsync());
    }
}
