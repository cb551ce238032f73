using Microsoft.Extensions.Logging;

namespace TrialMonitor.Simulation;

/// <summary>
/// Every message the simulation logs. None names a patient: they carry center ids, counts and opaque
/// observation ids only, and server error texts have the subject id replaced before they are logged.
/// </summary>
internal static partial class SimulationLog
{
    [LoggerMessage(1, LogLevel.Information, "Simulation disabled (Simulation:Enabled is false)")]
    public static partial void Disabled(ILogger logger);

    [LoggerMessage(2, LogLevel.Error, "Simulation not started: {Problems}")]
    public static partial void InvalidOptions(ILogger logger, string problems);

    [LoggerMessage(3, LogLevel.Error, "Simulation not started: Simulation:BaseUrl is unset and no server address is known")]
    public static partial void NoBaseAddress(ILogger logger);

    [LoggerMessage(4, LogLevel.Information, "Simulated trial {TrialId} from {TrialStart:O}: {Patients} patients in {Centers} centers, {Observations} observations, posting to {BaseAddress}")]
    public static partial void Generated(ILogger logger, string trialId, DateTimeOffset trialStart, int patients, int centers, int observations, Uri baseAddress);

    [LoggerMessage(5, LogLevel.Information, "Center {CenterId}: {Enrolled} of {Patients} patients enrolled")]
    public static partial void CenterEnrolled(ILogger logger, string centerId, int enrolled, int patients);

    [LoggerMessage(18, LogLevel.Warning, "Center {CenterId}: the simulated on-call schedule was refused ({Status}): {Detail}; pages will name nobody")]
    public static partial void OnCallRefused(ILogger logger, string centerId, string status, string detail);

    [LoggerMessage(6, LogLevel.Error, "Center {CenterId}: enrolment of a patient was refused ({Status}): {Detail}; that patient's observations are not sent")]
    public static partial void EnrolmentRefused(ILogger logger, string centerId, string status, string detail);

    [LoggerMessage(7, LogLevel.Warning, "{Operation} for center {CenterId} failed ({Failure}); attempt {Attempt}, retrying in {Delay}")]
    public static partial void Retrying(ILogger logger, string operation, string centerId, string failure, int attempt, TimeSpan delay);

    [LoggerMessage(8, LogLevel.Warning, "Center {CenterId}: observation {Index} ({ObservationId}) of the batch was rejected: {Error}")]
    public static partial void ObservationRejected(ILogger logger, string centerId, int index, string? observationId, string error);

    [LoggerMessage(9, LogLevel.Warning, "{More} more rejections in this batch are not listed one by one")]
    public static partial void MoreRejections(ILogger logger, int more);

    [LoggerMessage(10, LogLevel.Warning, "Center {CenterId}: {Rejected} of {Sent} observations in the batch rejected")]
    public static partial void CenterRejections(ILogger logger, string centerId, int rejected, int sent);

    [LoggerMessage(11, LogLevel.Warning, "The server accounted for {Counted} of {Sent} observations in the batch (accepted {Accepted}, duplicates {Duplicates}, rejected {Rejected})")]
    public static partial void CountMismatch(ILogger logger, int counted, int sent, int accepted, int duplicates, int rejected);

    [LoggerMessage(12, LogLevel.Debug, "Batch of {Sent}: accepted {Accepted}, duplicates {Duplicates}, rejected {Rejected}")]
    public static partial void BatchPosted(ILogger logger, int sent, int accepted, int duplicates, int rejected);

    [LoggerMessage(13, LogLevel.Error, "A batch of {Sent} observations ({Centers}) was refused ({Status}): {Detail}; it is not sent again")]
    public static partial void BatchRefused(ILogger logger, int sent, string centers, string status, string detail);

    [LoggerMessage(14, LogLevel.Information, "Simulated clock {SimulatedNow:O} ({Mode}): {Released} observations released, {Remaining} to come; accepted {Accepted}, duplicates {Duplicates}, rejected {Rejected}")]
    public static partial void Progress(ILogger logger, DateTimeOffset simulatedNow, string mode, int released, int remaining, long accepted, long duplicates, long rejected);

    [LoggerMessage(15, LogLevel.Information, "Center {CenterId}: {Sent} observations sent, {Rejected} rejected")]
    public static partial void CenterProgress(ILogger logger, string centerId, long sent, long rejected);

    [LoggerMessage(16, LogLevel.Information, "The simulated clock has caught up with the real clock; it now runs in real time")]
    public static partial void CaughtUp(ILogger logger);

    [LoggerMessage(17, LogLevel.Information, "Simulated trial complete: every observation has been released")]
    public static partial void Completed(ILogger logger);
}
