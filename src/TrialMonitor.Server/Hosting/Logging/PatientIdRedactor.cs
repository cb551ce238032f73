using System.Text.RegularExpressions;

namespace TrialMonitor.Server.Hosting.Logging;

/// <summary>
/// Removes pseudonymous subject ids from text bound for the logs (issue 5: no patient identifiers in logs). Our own
/// log messages never name a patient; this is the net for text we do not write ourselves: exception messages from
/// Orleans (which name the target grain, "patient/P-0042"), ASP.NET Core request lines and scopes (which carry the
/// URL path, "/api/v1/patients/P-0042/status"), and serialised bodies or records ("patientId": "P-0042").
/// </summary>
public static partial class PatientIdRedactor
{
    public const string Replacement = "[redacted]";

    // A subject id as the API accepts it, and a little more, so that a malformed id is cut too.
    private const string Value = @"[^\s/""',;:)\]}&?#]{1,128}";

    // Orleans grain ids of patient-keyed grains (type "patient"; the ADO.NET storage's version conflict names it
    // "GrainType=patient GrainId=P-0042"), URL paths under /patients/, and a property named patientId in JSON, query
    // strings, record ToString() or key=value text.
    [GeneratedRegex(
        @"(?<prefix>\bpatient/)" + Value +
        @"|(?<prefix>\bGrainType=patient\s+GrainId=)" + Value +
        @"|(?<prefix>/patients/)" + Value +
        @"|(?<prefix>""patientId""\s*:\s*"")[^""]{0,128}" +
        @"|(?<prefix>\bpatientId\s*(?:=|:)\s*""?)" + Value,
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PatientIds();

    public static string Redact(string text)
    {
        // Cheap pre-check: most log lines mention no patient at all.
        if (text.IndexOf("patient", StringComparison.OrdinalIgnoreCase) < 0) return text;
        return PatientIds().Replace(text, match => match.Groups["prefix"].Value + Replacement);
    }

    public static string? RedactOrNull(string? text) => text is null ? null : Redact(text);
}
