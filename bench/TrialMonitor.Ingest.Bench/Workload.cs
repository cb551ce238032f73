using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace TrialMonitor.Ingest.Bench;

/// <summary>One observation in api.md's wire shape: a number or a coded text value.</summary>
public readonly record struct Obs(string Id, string PatientId, string Code, decimal Number, string? Text, string? Unit, DateTimeOffset EffectiveAt);

/// <summary>The enrolled population: pseudonymous bench ids, spread evenly over the centers, infused 40–50 days ago.</summary>
public sealed class Roster
{
    public const string TrialId = "IB-CART-01";
    private static readonly string[] Indications = ["SLE", "SLE", "SLE", "SSc", "myositis", "AIHA", "NMOSD", "ANCA-vasculitis"];

    public Roster(string prefix, int patients, int centers, DateTimeOffset now, int seed, Func<int, int, string>? centerOf = null, TimeSpan? infusedAgo = null)
    {
        var random = new Random(seed);
        Ids = new string[patients];
        CenterIds = new string[patients];
        InfusionAt = new DateTimeOffset[patients];
        Ages = new int[patients];
        IndicationOf = new string[patients];
        // Consecutive patients share a center, as a center's monitoring gateway would send them together.
        var perCenter = (patients + centers - 1) / centers;
        for (var i = 0; i < patients; i++)
        {
            Ids[i] = $"{prefix}{i:D6}";
            CenterIds[i] = centerOf?.Invoke(i, centers) ?? CenterId(Math.Min(i / perCenter, centers - 1));
            var ago = infusedAgo ?? TimeSpan.FromDays(40) + TimeSpan.FromMinutes(random.Next(0, 10 * 24 * 60));
            InfusionAt[i] = new DateTimeOffset((now - ago).UtcTicks / TimeSpan.TicksPerMinute * TimeSpan.TicksPerMinute, TimeSpan.Zero);
            Ages[i] = random.Next(18, 71);
            IndicationOf[i] = Indications[random.Next(Indications.Length)];
        }
    }

    public string[] Ids { get; }
    public string[] CenterIds { get; }
    public DateTimeOffset[] InfusionAt { get; }
    public int[] Ages { get; }
    public string[] IndicationOf { get; }
    public int Count => Ids.Length;

    public static string CenterId(int index) => $"IB-C{index + 1:D2}";

    public byte[] EnrolmentBody(int i)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("centerId", CenterIds[i]);
            json.WriteString("trialId", TrialId);
            json.WriteString("infusionAt", Wire.Time(InfusionAt[i]));
            json.WriteNumber("ageYears", Ages[i]);
            json.WriteString("indication", IndicationOf[i]);
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}

/// <summary>
/// An endless stream of plausible monitoring data: each patient in turn gets <c>setsPerVisit</c> rounds of vital
/// signs two hours apart (temperature, heart rate, respiratory rate, blood pressure, SpO2, ACVPU; room air on the
/// first round) and a lab panel once a day, with values mostly in the normal range and a few mildly abnormal ones that
/// never reach an alerting grade (no fever, no red NEWS2 parameter, ANC normal), so that background load raises no
/// alerts and the probes' alerts stand out. Effective times move forward from infusion and stay in the past.
/// Not thread-safe: callers take batches under a lock.
/// </summary>
public sealed class ObservationFeed(Roster roster, string runTag, int setsPerVisit, int seed)
{
    private static readonly TimeSpan SetEvery = TimeSpan.FromHours(2);
    private const int SetsPerDay = 12;
    private static readonly TimeSpan Offset = TimeSpan.FromHours(1);

    private readonly Random _random = new(seed);
    private readonly List<Obs> _pending = new(64);
    private int _pendingAt;
    private long _visit;

    public long Generated { get; private set; }

    public void Take(List<Obs> into, int count)
    {
        while (count > 0)
        {
            if (_pendingAt == _pending.Count) NextVisit();
            var n = Math.Min(count, _pending.Count - _pendingAt);
            for (var i = 0; i < n; i++) into.Add(_pending[_pendingAt + i]);
            _pendingAt += n;
            count -= n;
            Generated += n;
        }
    }

    private void NextVisit()
    {
        _pending.Clear();
        _pendingAt = 0;
        var visit = _visit++;
        var patient = (int)(visit % roster.Count);
        var round = visit / roster.Count;
        for (var k = 0; k < setsPerVisit; k++) AddSet(patient, (round * setsPerVisit) + k);
    }

    private void AddSet(int patient, long set)
    {
        var at = (roster.InfusionAt[patient] + TimeSpan.FromMinutes(30) + (SetEvery * set)).ToOffset(Offset);
        var pid = roster.Ids[patient];
        var slot = 0;
        string Id() => $"{runTag}-{pid}-{set:D4}-{slot++:D2}";
        void Number(string code, decimal value, string unit) => _pending.Add(new Obs(Id(), pid, code, value, null, unit, at));
        void Coded(string code, string value) => _pending.Add(new Obs(Id(), pid, code, 0, value, null, at));

        // At most one mildly abnormal vital sign per round: NEWS2 stays ≤ 2 with no red parameter.
        var mild = _random.NextDouble() < 0.08 ? _random.Next(5) : -1;
        Number(_random.Next(4) == 0 ? "8331-1" : "8310-5", mild == 0 ? Between(37.5, 37.9, 1) : Between(36.2, 37.4, 1), "Cel");
        Number("8867-4", mild == 1 ? Between(91, 105, 0) : Between(58, 90, 0), "/min");
        Number("9279-1", Between(12, 20, 0), "/min");
        Number("8480-6", mild == 2 ? Between(101, 110, 0) : Between(112, 145, 0), "mm[Hg]");
        Number("8462-4", Between(62, 88, 0), "mm[Hg]");
        Number("59408-5", mild == 3 ? Between(94, 95, 0) : Between(96, 99, 0), "%");
        Coded("tm:acvpu", "A");
        if (set == 0) Coded("tm:o2-device", "room-air");

        if (set % SetsPerDay == 0)
        {
            Number("751-8", Between(2.0, 6.5, 2), "10*9/L");
            Number("777-3", Between(160, 380, 0), "10*9/L");
            Number("718-7", Between(11.5, 15.5, 1), "g/dL");
            Number("1988-5", Between(0.5, 8, 1), "mg/L");
            Number("2276-4", Between(40, 280, 0), "ng/mL");
            Number("2532-0", Between(140, 240, 0), "U/L");
            Number("2160-0", Between(0.6, 1.1, 2), "mg/dL");
            Number("3255-7", Between(2.0, 3.8, 1), "g/L");
            Number("1742-6", Between(10, 38, 0), "U/L");
            Number("1920-8", Between(12, 35, 0), "U/L");
        }
    }

    private decimal Between(double low, double high, int decimals) =>
        Math.Round((decimal)(low + (_random.NextDouble() * (high - low))), decimals, MidpointRounding.AwayFromZero);
}

/// <summary>api.md's JSON, written directly: the client shares two cores with the server and should cost little.</summary>
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
                if (o.Text is { } text) json.WriteString("value", text);
                else json.WriteNumber("value", o.Number);
                if (o.Unit is { } unit) json.WriteString("unit", unit);
                json.WriteString("effectiveAt", Time(o.EffectiveAt));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The value as the observation log keeps it (<c>value_json</c>).</summary>
    public static string ValueJson(Obs o) => o.Text is { } text ? JsonSerializer.Serialize(text) : o.Number.ToString(CultureInfo.InvariantCulture);
}
