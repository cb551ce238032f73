using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace TrialMonitor.FaultDriver;

/// <summary>One observation in api.md's wire shape; <see cref="Value"/> is a decimal, a string or a string array.</summary>
public sealed record Obs(string Id, string PatientId, string Code, object Value, string? Unit, DateTimeOffset EffectiveAt);

/// <summary>
/// The enrolled patients of one phase and the course each of them runs: vital signs every two hours from infusion and
/// a daily lab panel, with four kinds of course so that alerts are raised while the faults happen —
/// 0 uneventful; 1 fever (CRS grade 1) and a neutropenic day (febrile neutropenia); 2 fever, then hypotension needing
/// a fluid bolus and norepinephrine (CRS grade 3, an emergency); 3 fever, hypoxia on nasal cannula (CRS grade 2) and a
/// falling ICE score (ICANS grade 2).
/// </summary>
public sealed class Course
{
    public const string TrialId = "FAULT-CART-01";
    private const int SetsPerDay = 12;

    public Course(string runTag, string prefix, int patients, int centers, DateTimeOffset now)
    {
        RunTag = runTag;
        Ids = new string[patients];
        CenterIds = new string[patients];
        // Infused ten days ago, so that every reading of the course lies in the past.
        InfusionAt = new DateTimeOffset((now - TimeSpan.FromDays(10)).UtcTicks / TimeSpan.TicksPerMinute * TimeSpan.TicksPerMinute, TimeSpan.Zero);
        for (var i = 0; i < patients; i++)
        {
            Ids[i] = $"{prefix}{i:D5}";
            CenterIds[i] = CenterId(runTag, i % centers);
        }

        Centers = Enumerable.Range(0, Math.Min(centers, patients)).Select(c => CenterId(runTag, c)).ToArray();
    }

    public string RunTag { get; }
    public string[] Ids { get; }
    public string[] CenterIds { get; }
    public string[] Centers { get; }
    public DateTimeOffset InfusionAt { get; }
    public int Count => Ids.Length;

    public static string CenterId(string runTag, int index) => $"F{runTag}-C{index + 1:D2}";

    public static int AgeOf(int patient) => 25 + (patient * 7 % 45);

    public byte[] EnrolmentBody(int patient) => JsonSerializer.SerializeToUtf8Bytes(new
    {
        centerId = CenterIds[patient],
        trialId = TrialId,
        infusionAt = Wire.Time(InfusionAt),
        ageYears = AgeOf(patient),
        indication = "SLE",
    });

    /// <summary>Round <paramref name="round"/> (two hours apart from 30 minutes after infusion) of one patient.</summary>
    public void AddRound(List<Obs> into, int patient, int round)
    {
        var kind = patient % 4;
        var pid = Ids[patient];
        var at = (InfusionAt + TimeSpan.FromMinutes(30) + TimeSpan.FromHours(2 * round)).ToOffset(TimeSpan.FromHours(1));
        var slot = 0;
        void Add(string code, object value, string? unit) => into.Add(new Obs($"{RunTag}-{pid}-{round:D3}-{slot++:D2}", pid, code, value, unit, at));

        var febrile = kind >= 1 && round is >= 6 and <= 20;
        var hypotensive = kind == 2 && round is >= 10 and <= 14;
        var hypoxic = kind == 3 && round is >= 12 and <= 16;
        var jitter = (patient + round) % 5;
        Add("8310-5", febrile ? 38.4m + (jitter / 10m) : 36.6m + (jitter / 10m), "Cel");
        Add("8867-4", febrile ? 104m + jitter : 72m + jitter, "/min");
        Add("9279-1", 16m + (jitter % 3), "/min");
        Add("8480-6", hypotensive ? 84m : 122m - jitter, "mm[Hg]");
        Add("8462-4", hypotensive ? 48m : 74m, "mm[Hg]");
        Add("59408-5", hypoxic ? 93m : 97m, "%");
        Add("tm:acvpu", "A", null);
        if (round == 0) Add("tm:o2-device", "room-air", null);
        if (hypoxic && round == 12)
        {
            Add("tm:o2-device", "nasal-cannula", null);
            Add("3151-8", 2m, "L/min");
        }

        if (kind == 3 && round == 17) Add("tm:o2-device", "room-air", null);
        if (kind == 2 && round == 11) Add("tm:fluid-bolus", 1000m, "mL");
        if (kind == 2 && round == 12) Add("tm:vasopressors", new[] { "norepinephrine" }, null);
        if (kind == 2 && round == 15) Add("tm:vasopressors", Array.Empty<string>(), null);
        if (kind == 3 && round is 14 or 16 or 19) Add("tm:ice-score", round switch { 14 => 6m, 16 => 8m, _ => 10m }, "{score}");
        if (round % SetsPerDay == 0)
        {
            Add("751-8", kind == 1 && round == 12 ? 0.3m : 2.5m + (jitter / 10m), "10*9/L");
            Add("777-3", 210m, "10*9/L");
            Add("1988-5", febrile ? 85m : 4m, "mg/L");
        }
    }
}

/// <summary>api.md's JSON for a batch of observations.</summary>
public static class Wire
{
    public static string Time(DateTimeOffset value) => value.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    public static byte[] ObservationsBody(IReadOnlyList<Obs> observations)
    {
        var buffer = new ArrayBufferWriter<byte>(observations.Count * 160);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("observations");
            foreach (var o in observations)
            {
                json.WriteStartObject();
                json.WriteString("id", o.Id);
                json.WriteString("patientId", o.PatientId);
                json.WriteString("code", o.Code);
                json.WritePropertyName("value");
                switch (o.Value)
                {
                    case decimal number: json.WriteNumberValue(number); break;
                    case string text: json.WriteStringValue(text); break;
                    case string[] list:
                        json.WriteStartArray();
                        foreach (var item in list) json.WriteStringValue(item);
                        json.WriteEndArray();
                        break;
                    default: throw new InvalidOperationException($"unexpected value type {o.Value.GetType()}");
                }

                if (o.Unit is { } unit) json.WriteString("unit", unit);
                json.WriteString("effectiveAt", Time(o.EffectiveAt));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
