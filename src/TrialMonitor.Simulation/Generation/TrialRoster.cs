using System.Globalization;

namespace TrialMonitor.Simulation.Generation;

/// <summary>
/// Enrols the simulated patients: per center, subject numbers with the gaps that screen failures leave, an
/// infusion on one of the days from the day after the trial starts to a week after now, an indication and
/// an adult age. The subject id is the center code and number ("BDX-007"), never a name.
/// </summary>
public static class TrialRoster
{
    private const ulong RosterStream = 0x5EED;

    public static IReadOnlyList<SimulatedPatient> Enrol(SimulationOptions options, DateTimeOffset trialStart)
    {
        ArgumentNullException.ThrowIfNull(options);
        var patients = new List<SimulatedPatient>();
        foreach (var centerId in options.EffectiveCenters)
        {
            var random = new Random(StableSeed.Derive(options.Seed, StableSeed.Hash(options.TrialId), StableSeed.Hash(centerId), RosterStream));
            var code = CenterCode(centerId);
            var number = 0;
            for (var i = 0; i < options.PatientsPerCenter; i++)
            {
                number += 1 + (random.Chance(0.25) ? random.Next(1, 3) : 0);
                var infusionDay = random.Next(1, options.HistoryDays + 8);
                var infusionAt = trialStart.AddDays(infusionDay).AddHours(8).AddMinutes(15 * random.Next(0, 20));
                var indication = random.Pick<string>([(Indications.Sle, 0.45), (Indications.Ssc, 0.25), (Indications.Myositis, 0.2), (Indications.Aiha, 0.1)]);
                var age = indication switch
                {
                    Indications.Sle => random.Next(18, 46),
                    Indications.Ssc => random.Next(30, 66),
                    Indications.Myositis => random.Next(25, 66),
                    _ => random.Next(30, 76),
                };
                patients.Add(new SimulatedPatient($"{code}-{number.ToString("D3", CultureInfo.InvariantCulture)}", centerId, options.TrialId, infusionAt, age, indication));
            }
        }

        var duplicate = patients.GroupBy(p => p.PatientId, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new InvalidOperationException($"two centers give the subject id prefix '{duplicate.Key.Split('-')[0]}'; center ids must end in distinct codes");
        return patients;
    }

    /// <summary>"FR-BDX" gives "BDX": the part after the last dash.</summary>
    public static string CenterCode(string centerId)
    {
        ArgumentNullException.ThrowIfNull(centerId);
        var dash = centerId.LastIndexOf('-');
        return dash >= 0 && dash < centerId.Length - 1 ? centerId[(dash + 1)..] : centerId;
    }
}
