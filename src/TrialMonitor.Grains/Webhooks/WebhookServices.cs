using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TrialMonitor.Contracts.Notifications;

namespace TrialMonitor.Grains.Webhooks;

public static class WebhookServices
{
    /// <summary>The named HTTP client the webhook grains POST with.</summary>
    public const string HttpClientName = "trialmonitor-webhook";

    /// <summary>Webhook delivery: its options, its HTTP client and the alert channel <c>webhook</c>.</summary>
    public static IServiceCollection AddWebhookDelivery(this IServiceCollection services, WebhookOptions? options = null)
    {
        // Options given win over the defaults of an earlier call; none given keeps whatever is there.
        if (options is not null) services.Replace(ServiceDescriptor.Singleton(options));
        else services.TryAddSingleton(WebhookOptions.Default);
        services.AddHttpClient(HttpClientName)
            // Each attempt has its own deadline (WebhookOptions.Timeout); redirects are not followed, as a POST
            // redirected would arrive as a GET, and the URL (which may carry a token) is kept out of the logs.
            .ConfigureHttpClient(client => client.Timeout = System.Threading.Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .RemoveAllLoggers();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAlertChannel, WebhookAlertChannel>());
        return services;
    }
}
