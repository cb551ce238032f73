using System.Globalization;
using TrialMonitor.Persistence;

namespace TrialMonitor.Safety.Bench;

/// <summary>
/// A synthetic trial for the report benchmark: every patient has hourly vital signs (temperature, heart rate, respiratory
/// rate, blood pressure, SpO2) and daily labs (ANC, platelets, haemoglobin, CRP, ferritin, LDH, creatinine) for the
/// whole window, as logged rows the way the API stores them (the value as JSON, received five minutes after it was taken).
/// Fevers, hypotension and neutropenia vary by patient so that CRS, febrile neutropenia and ICAHT rules do real work.
/// </summary>
public static class SyntheticTrial
{
    public static readonly DateTimeOffset FirstInfusion = new(2026, 1, 5, 8, 0, 0, TimeSpan.Zero);

    public static string PatientId(int index) => $"bench-{index:D5}";

    public static string CenterId(int index) => $"BC-{index % 10:D2}";

    public static DateTimeOffset InfusionAt(int index) => FirstInfusion.AddHours(index % 48);

    public static IEnumerable<LoggedObservation> Rows(int index, int days)
    {
        var patient = PatientId(index);
        var infusion = InfusionAt(index);
        // About two in three patients run a fever for a few hours from day 1–5; one in ten drops their blood pressure.
        var feverFrom = 24 * (1 + (index % 5));
        var feverHours = index % 3 == 0 ? 0 : 4 + (index % 6);
        var hypotensive = index % 10 == 0;
        for (var hour = 0; hour < days * 24; hour++)
        {
            var at = infusion.AddHours(hour);
            var fever = hour >= feverFrom && hour < feverFrom + feverHours;
            if (hour % 24 == 0)
            {
                var day = hour / 24;
                yield return Row(patient, $"{hour}-anc", "751-8", day >= 3 && day <= 9 + (index % 6) ? 150 + (40 * (index % 5)) : 1800, "/uL", at);
                yield return Row(patient, $"{hour}-plt", "777-3", 60 + (5 * day), "10*9/L", at);
                yield return Row(patient, $"{hour}-hb", "718-7", 9.5m + (day % 3), "g/dL", at);
                yield return Row(patient, $"{hour}-crp", "1988-5", 10 + (7 * (day % 6)), "mg/L", at);
                yield return Row(patient, $"{hour}-ferritin", "2276-4", 400 + (50 * (day % 10)), "ng/mL", at);
                yield return Row(patient, $"{hour}-ldh", "2532-0", 250 + (10 * (day % 5)), "U/L", at);
                yield return Row(patient, $"{hour}-creat", "2160-0", 0.8m + (day % 4 / 10m), "mg/dL", at);
            }

            yield return Row(patient, $"{hour}-t", "8310-5", fever ? 38.6m : 36.8m + (hour % 5 / 10m), "Cel", at);
            yield return Row(patient, $"{hour}-hr", "8867-4", 80 + (hour % 30), "/min", at);
            yield return Row(patient, $"{hour}-rr", "9279-1", 14 + (hour % 9), "/min", at);
            yield return Row(patient, $"{hour}-sbp", "8480-6", hypotensive && fever ? 85 : 105 + (hour % 25), "mm[Hg]", at);
            yield return Row(patient, $"{hour}-dbp", "8462-4", 55 + (hour % 20), "mm[Hg]", at);
            yield return Row(patient, $"{hour}-spo2", "59408-5", 94 + (hour % 5), "%", at);
        }
    }

    private static LoggedObservation Row(string patient, string id, string code, decimal value, string unit, DateTimeOffset at) =>
        new($"{patient}-{id}", patient, code, value.ToString(CultureInfo.InvariantCulture), unit, at, at.AddMinutes(5));
}
