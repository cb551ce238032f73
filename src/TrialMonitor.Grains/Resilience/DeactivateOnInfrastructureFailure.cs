using Microsoft.Extensions.Logging;

namespace TrialMonitor.Grains.Resilience;

/// <summary>
/// When a call on one of our grains fails because storage or the cluster did (<see cref="InfrastructureFailure"/>),
/// the grain is deactivated, so that its next call starts from its durable state. Otherwise its memory would keep
/// what the failed write was meant to persist: a center would hold an alert event with its key marked as recorded,
/// so the sender's resend would add nothing and the event would be stored only at some later write — or lost if the
/// silo died first (tests/fault/README.md). Started afresh, the grain sees the resend as new and records it again.
/// A transient failure (<see cref="TransientFailure"/>) leaves as a <see cref="DependencyUnavailableException"/>.
/// </summary>
public sealed partial class DeactivateOnInfrastructureFailure(ILogger<DeactivateOnInfrastructureFailure> logger) : IIncomingGrainCallFilter
{
    private const string OurNamespace = "TrialMonitor.";

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            await context.Invoke();
        }
        catch (Exception exception)
        {
            // Decided in the handler, not in an exception filter: a filter that itself failed would be taken as "no"
            // without a trace, and the fault run saw storage failures pass through this filter unjudged.
            if (!IsOurs(context) || !InfrastructureFailure.Is(exception)) throw;
            // The grain type alone: a grain's key may be a patient id.
            LogDeactivating(logger, context.ImplementationMethod?.DeclaringType?.Name ?? "?", context.InterfaceMethod?.Name ?? "?", exception.GetType().Name);
            context.TargetContext.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationError, exception, "storage or cluster failure: start over from durable state"));
            // Judged here, where the database's own error is still whole (TransientFailure), and carried as a type
            // every silo reads alike.
            if (exception is not DependencyUnavailableException && TransientFailure.Is(exception))
                throw new DependencyUnavailableException($"storage or the cluster is briefly unavailable ({exception.GetType().Name}); the request may be sent again", exception);
            throw;
        }
    }

    // By the method called, not the grain instance: an activation already deactivating (an earlier call failed) may
    // have let go of its instance while later calls still fail, and those must be judged alike (tests/fault/README.md).
    private static bool IsOurs(IIncomingGrainCallContext context) =>
        context.ImplementationMethod?.DeclaringType?.Namespace?.StartsWith(OurNamespace, StringComparison.Ordinal) == true;

    [LoggerMessage(Level = LogLevel.Warning, Message = "{GrainType}.{Method} failed with {Failure}: deactivating it so that its next call starts from durable state")]
    private static partial void LogDeactivating(ILogger logger, string grainType, string method, string failure);
}
