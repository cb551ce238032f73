using System.Text.Json;
using System.Text.RegularExpressions;
using TrialMonitor.Clinical.Observations;
using TrialMonitor.Simulation.Api;
using TrialMonitor.Simulation.Generation;
using TrialMonitor.Simulation.Tests.Support;

namespace TrialMonitor.Simulation.Tests;

public sealed partial class TrialGenerationTests
{
    private static readonly DateTimeOffset TrialStart = new(2026, 2, 16, 0, 0, 0, TimeSpan.Zero);

    private static readonly Lazy<SimulatedTrial> Default = new(() => DefaultTrial());

    private static SimulatedTrial DefaultTrial(int seed = 20260302) => SimulatedTrial.Generate(new SimulationOptions { Seed = seed }, TrialStart);

    private static SimulatedTrial OneCenter(int seed = 20260302) => SimulatedTrial.Generate(new SimulationOptions { Seed = seed, Centers = ["FR-BDX"] }, TrialStart);

    private static string Wire(SimulatedTrial trial) => JsonSerializer.Serialize(new ObservationBatchRequest(trial.Observations), ApiJson.Options);

    [Fact]
    public void The_same_seed_gives_the_same_patients_and_observations()
    {
        var first = Default.Value;
        var second = DefaultTrial();

        Assert.Equal(first.Patients, second.Patients);
        Assert.Equal(Wire(first), Wire(second));
    }

    [Fact]
    public void Another_seed_gives_another_trial()
    {
        Assert.NotEqual(Wire(OneCenter()), Wire(OneCenter(seed: 7)));
    }

    [Fact]
    public void The_default_trial_has_three_patients_in_each_of_the_nine_french_centers()
    {
        var trial = Default.Value;

        Assert.Equal(27, trial.Patients.Count);
        Assert.Equal(SimulationOptions.DefaultCenters, trial.Patients.Select(p => p.CenterId).Distinct());
        Assert.All(trial.Patients.GroupBy(p => p.CenterId), center => Assert.Equal(3, center.Count()));
        Assert.All(trial.Patients, p => Assert.Equal("CART-SLE-01", p.TrialId));
    }

    [Fact]
    public void Observation_ids_are_unique_across_the_whole_trial_and_carry_no_subject_id()
    {
        var trial = Default.Value;

        Assert.Equal(trial.Observations.Count, trial.Observations.Select(o => o.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.All(trial.Observations, o => Assert.DoesNotContain(o.PatientId, o.Id, StringComparison.Ordinal));
    }

    [Fact]
    public void A_restart_on_the_same_day_resends_the_same_ids_and_one_on_another_day_does_not_reuse_them()
    {
        var options = new SimulationOptions { Centers = ["FR-BDX"] };
        var morning = SimulatedTrial.Generate(options, SimulatedTrial.StartFor(TrialStart.AddDays(14).AddHours(7), options.HistoryDays));
        var evening = SimulatedTrial.Generate(options, SimulatedTrial.StartFor(TrialStart.AddDays(14).AddHours(22), options.HistoryDays));
        var nextDay = SimulatedTrial.Generate(options, SimulatedTrial.StartFor(TrialStart.AddDays(15).AddHours(7), options.HistoryDays));

        Assert.Equal(Wire(morning), Wire(evening));
        Assert.Empty(morning.Observations.Select(o => o.Id).Intersect(nextDay.Observations.Select(o => o.Id), StringComparer.Ordinal));
    }

    [Fact]
    public void Patient_ids_are_pseudonymous_subject_numbers_and_enrolment_holds_no_identifier()
    {
        var patients = TrialRoster.Enrol(new SimulationOptions { PatientsPerCenter = 40 }, TrialStart);

        Assert.All(patients, p => Assert.Matches(SubjectId(), p.PatientId));
        Assert.All(patients, p => Assert.StartsWith(TrialRoster.CenterCode(p.CenterId) + "-", p.PatientId, StringComparison.Ordinal));
        Assert.Equal(patients.Count, patients.Select(p => p.PatientId).Distinct(StringComparer.Ordinal).Count());
        var enrolment = JsonSerializer.SerializeToElement(new EnrolmentRequest("FR-BDX", "CART-SLE-01", TrialStart, 34, Indications.Sle), ApiJson.Options);
        Assert.Equal(["centerId", "trialId", "infusionAt", "ageYears", "indication"], enrolment.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["AIHA", "SLE", "SSc", "myositis"], patients.Select(p => p.Indication).Distinct().Order(StringComparer.Ordinal));
        Assert.All(patients, p => Assert.InRange(p.AgeYears, 18, 80));
    }

    [Fact]
    public void Infusions_fall_between_the_day_after_the_trial_starts_and_a_week_after_now()
    {
        var options = new SimulationOptions { PatientsPerCenter = 20 };
        var patients = TrialRoster.Enrol(options, TrialStart);

        Assert.All(patients, p => Assert.InRange(p.InfusionAt, TrialStart.AddDays(1), TrialStart.AddDays(options.HistoryDays + 8)));
        Assert.Contains(patients, p => p.InfusionAt < TrialStart.AddDays(options.HistoryDays - 7));
    }

    [Fact]
    public void The_wire_json_has_the_contract_shape_and_the_engine_accepts_it_as_parsed()
    {
        var trial = SimulatedTrial.Generate(new SimulationOptions { Centers = ["FR-LIL", "FR-PAR"] }, TrialStart);
        var infusion = trial.Patients.ToDictionary(p => p.PatientId, p => p.InfusionAt);

        using var document = JsonDocument.Parse(Wire(trial));
        var observations = document.RootElement.GetProperty("observations").EnumerateArray().ToList();

        Assert.Equal(trial.Observations.Count, observations.Count);
        foreach (var element in observations)
        {
            var names = element.EnumerateObject().Select(p => p.Name).ToHashSet();
            Assert.Subset(new HashSet<string> { "id", "patientId", "code", "value", "unit", "effectiveAt" }, names);
            Assert.Matches(OffsetTime(), element.GetProperty("effectiveAt").GetString()!);
            var input = new ObservationInput(
                element.GetProperty("id").GetString(),
                element.GetProperty("code").GetString(),
                JsonValue(element.GetProperty("value")),
                element.TryGetProperty("unit", out var unit) ? unit.GetString() : null,
                element.GetProperty("effectiveAt").GetDateTimeOffset());
            var result = ObservationNormaliser.Default.Normalise(input, input.EffectiveAt!.Value, infusion[element.GetProperty("patientId").GetString()!]);
            Assert.True(result.IsAccepted, $"{element}: {result.Rejection}");
        }
    }

    [Fact]
    public void Centers_report_in_their_own_units_so_conversions_are_exercised()
    {
        var trial = Default.Value;
        var units = trial.Observations.Where(o => o.Code == "751-8").Select(o => o.Unit).Distinct().ToList();
        var temperatureCodes = trial.Observations.Where(o => o.Unit == "Cel").Select(o => o.Code).Distinct().ToList();

        Assert.Equal(3, units.Count);
        Assert.Contains("14682-9", trial.Observations.Select(o => o.Code));
        Assert.Contains("2160-0", trial.Observations.Select(o => o.Code));
        Assert.Equal(4, temperatureCodes.Count);
    }

    [Fact]
    public void Vital_signs_come_every_hour_from_day_minus_1_to_the_end_of_day_14()
    {
        var trial = Default.Value;
        var patient = trial.Patients[0];
        var heartRates = trial.Observations.Where(o => o.PatientId == patient.PatientId && o.Code == "8867-4").Select(o => o.EffectiveAt).ToList();

        Assert.Equal(16 * 24, heartRates.Count);
        Assert.All(heartRates.Zip(heartRates.Skip(1)), pair => Assert.InRange(pair.Second - pair.First, TimeSpan.FromMinutes(51), TimeSpan.FromMinutes(69)));
        Assert.Equal(-1, (int)Math.Floor((heartRates[0] - patient.InfusionAt).TotalDays));
        Assert.Equal(14, (int)Math.Floor((heartRates[^1] - patient.InfusionAt).TotalDays));
    }

    private static ObservationValue JsonValue(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Number => ObservationValue.Of(element.GetDecimal()),
        JsonValueKind.String => ObservationValue.Of(element.GetString()!),
        JsonValueKind.Array => ObservationValue.Of(element.EnumerateArray().Select(e => e.GetString()!).ToArray()),
        JsonValueKind.True or JsonValueKind.False => ObservationValue.Of(element.GetBoolean()),
        _ => ObservationValue.Unsupported(element.GetRawText()),
    };

    [GeneratedRegex("^[A-Z]{3}-[0-9]{3}$")]
    private static partial Regex SubjectId();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex OffsetTime();
}
