using TrialMonitor.Server.Hosting.Logging;

namespace TrialMonitor.Server.Tests;

/// <summary>The text forms in which a subject id reaches a log line we did not write ourselves.</summary>
public sealed class PatientIdRedactorTests
{
    [Theory]
    [InlineData("Response did not arrive on time for grain patient/P-0042 in 30s", "Response did not arrive on time for grain patient/[redacted] in 30s")]
    [InlineData("Request starting HTTP/1.1 GET http://localhost/api/v1/patients/P-0042/status - -", "Request starting HTTP/1.1 GET http://localhost/api/v1/patients/[redacted]/status - -")]
    [InlineData("body {\"patientId\":\"P 0042 x\",\"code\":\"8867-4\"}", "body {\"patientId\":\"[redacted]\",\"code\":\"8867-4\"}")]
    [InlineData("body { \"patientId\" : \"P-0042\" }", "body { \"patientId\" : \"[redacted]\" }")]
    [InlineData("LoggedObservation { Id = a, PatientId = P-0042, Code = 8867-4 }", "LoggedObservation { Id = a, PatientId = [redacted], Code = 8867-4 }")]
    [InlineData("GET /status?patientId=P-0042&x=1", "GET /status?patientId=[redacted]&x=1")]
    [InlineData("PATIENT/p-1 and /Patients/p-2", "PATIENT/[redacted] and /Patients/[redacted]")]
    // Orleans' ADO.NET grain storage refusing a stale version (seen in tests/fault/run's kill phase).
    [InlineData("Version conflict (WriteState): ServiceId=fault ProviderName=clinical GrainType=patient GrainId=k14634-P00028 ETag=1.", "Version conflict (WriteState): ServiceId=fault ProviderName=clinical GrainType=patient GrainId=[redacted] ETag=1.")]
    // ... and failing a write while PostgreSQL restarts (the pg-restart phase's logs, before it was redacted).
    [InlineData("Error writing grain state: ServiceId=fault ProviderName=clinical GrainType=patient GrainId=r3658-P00021 ETag=1.", "Error writing grain state: ServiceId=fault ProviderName=clinical GrainType=patient GrainId=[redacted] ETag=1.")]
    public void A_subject_id_in_a_known_form_is_redacted(string text, string expected) =>
        Assert.Equal(expected, PatientIdRedactor.Redact(text));

    [Theory]
    [InlineData("ALERT FR-BDX crs grade 2 (emergency) alert FR-BDX~0a1b2c")]
    [InlineData("Request finished HTTP/1.1 GET http://localhost/api/v1/centers/FR-BDX/alerts - 200")]
    [InlineData("3 patients in the risk window")]
    [InlineData("Version conflict (WriteState): ServiceId=fault ProviderName=clinical GrainType=center GrainId=FR-BDX ETag=3.")]
    [InlineData("")]
    public void Text_without_a_subject_id_is_unchanged(string text) => Assert.Equal(text, PatientIdRedactor.Redact(text));

    [Fact]
    public void An_exception_keeps_its_type_and_stack_but_not_the_subject_id()
    {
        Exception caught;
        try
        {
            throw new TimeoutException("no answer from patient/P-0042");
        }
        catch (TimeoutException exception)
        {
            caught = exception;
        }

        var redacted = new RedactedException(caught);

        Assert.Equal("System.TimeoutException: no answer from patient/[redacted]", redacted.Message);
        Assert.Contains(nameof(An_exception_keeps_its_type_and_stack_but_not_the_subject_id), redacted.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("P-0042", redacted.ToString(), StringComparison.Ordinal);
    }
}
