using System.Net;

namespace TrialMonitor.Simulation.Api;

/// <summary>A request the server refused for good (4xx other than 408 and 429), or that failed more often than allowed.</summary>
public sealed class TrialMonitorApiException : Exception
{
    public TrialMonitorApiException()
    {
    }

    public TrialMonitorApiException(string message)
        : base(message)
    {
    }

    public TrialMonitorApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public TrialMonitorApiException(string message, HttpStatusCode? status, string? detail, Exception? innerException = null)
        : base(message, innerException)
    {
        Status = status;
        Detail = detail;
    }

    public HttpStatusCode? Status { get; }

    /// <summary>The problem's <c>detail</c> (RFC 7807), when the server sent one.</summary>
    public string? Detail { get; }
}
