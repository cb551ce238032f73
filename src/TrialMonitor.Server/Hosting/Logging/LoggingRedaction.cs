using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace TrialMonitor.Server.Hosting.Logging;

public static class LoggingRedaction
{
    /// <summary>
    /// Every log provider the host ends up with (including ones registered after this call, by tests or by
    /// OpenTelemetry) receives its entries through <see cref="RedactingLoggerProvider"/>. The logger factory is
    /// replaced rather than each provider, because providers are added until the host is built.
    /// Per-provider filter sections (Logging:Console:LogLevel) no longer apply; the general Logging:LogLevel does.
    /// </summary>
    public static IServiceCollection AddPatientIdRedaction(this IServiceCollection services)
    {
        services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(sp => new LoggerFactory(
            sp.GetServices<ILoggerProvider>().Select(provider => new RedactingLoggerProvider(provider)),
            sp.GetRequiredService<IOptionsMonitor<LoggerFilterOptions>>(),
            sp.GetService<IOptions<LoggerFactoryOptions>>(),
            sp.GetService<IExternalScopeProvider>())));
        return services;
    }
}
