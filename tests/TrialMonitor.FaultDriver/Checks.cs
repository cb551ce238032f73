using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Npgsql;
using TrialMonitor.Clinical.Observations;
using TrialMonitor.Clinical.Timeline;

namespace TrialMonitor.FaultDriver;

/// <summary>The invariants checked after a phase, each counted rather than asserted so the script prints them all.</summary>
public static class Checks
{
    /// <summary>Acknowledged ids missing from PostgreSQL's observation_log (read directly, not through the API).</summary>
    public static async Task<int> LostAsync(string connectionString, string runTag, ICollection<string> acknowledged)
    {
        var logged = new HashSet<string>(StringComparer.Ordinal);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT observation_id FROM observation_log WHERE observation_id LIKE @prefix", connection);
        command.Parameters.AddWithValue("prefix", runTag + "-%");
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) logged.Add(reader.GetString(0));
        Console.WriteLine($"  observation_log rows of this phase: {logged.Count}; acknowledged ids: {acknowledged.Count}");
        return acknowledged.Count(id => !logged.Contains(id));
    }

    /// <summary>Every alert event of each center, read by a fresh hub client with <c>JoinCenter(centerId, 0)</c>.</summary>
    public static async Task<Dictionary<string, JsonElement[]>> AllEventsAsync(IReadOnlyList<Uri> servers, string token, IReadOnlyList<string> centers)
    {
        foreach (var server in servers)
        {
            var connection = new HubConnectionBuilder()
                .WithUrl(new Uri(server, "hubs/monitoring"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
                .Build();
            try
            {
                await connection.StartAsync();
                var events = new Dictionary<string, JsonElement[]>(StringComparer.Ordinal);
                foreach (var center in centers)
                    events[center] = await connection.InvokeAsync<JsonElement[]>("JoinCenter", center, 0L);
                return events;
            }
            catch (Exception exception) when (exception is HttpRequestException or Microsoft.AspNetCore.SignalR.HubException or IOException)
            {
                Console.WriteLine($"  reference hub client: {server} did not answer ({exception.GetType().Name}); trying the next server");
            }
            finally
            {
                await connection.DisposeAsync();
            }
        }

        throw new InvalidOperationException("no server answered JoinCenter");
    }

    /// <summary>
    /// Duplicate alerts: an alert id with other than one <c>raised</c> event, or two alerts of one patient and kind
    /// open at the same time (raised before the other resolved). Also counts gaps in the center's own sequence.
    /// </summary>
    public static (int Duplicates, int SequenceGaps, int Raised, Dictionary<string, int> RaisedByKind, HashSet<(string Patient, string Kind)> Alerted) Alerts(Dictionary<string, JsonElement[]> eventsByCenter)
    {
        var duplicates = 0;
        var gaps = 0;
        var raised = 0;
        var byKind = new Dictionary<string, int>(StringComparer.Ordinal);
        var alerted = new HashSet<(string, string)>();
        foreach (var (center, events) in eventsByCenter)
        {
            var sequences = events.Select(e => e.GetProperty("sequence").GetInt64()).Order().ToArray();
            for (var i = 0; i < sequences.Length; i++)
                if (sequences[i] != i + 1) { gaps++; Console.WriteLine($"  {center}: sequence {i + 1} missing from the center's own events"); break; }

            var lives = new Dictionary<string, AlertLife>(StringComparer.Ordinal);
            foreach (var e in events.OrderBy(e => e.GetProperty("sequence").GetInt64()))
            {
                var id = e.GetProperty("alertId").GetString()!;
                var sequence = e.GetProperty("sequence").GetInt64();
                var kind = e.GetProperty("kind").GetString()!;
                var patient = e.GetProperty("patientId").GetString()!;
                var life = lives.TryGetValue(id, out var known) ? known : new AlertLife(patient, kind, sequence, long.MaxValue, 0);
                if (e.GetProperty("event").GetString() == "raised")
                {
                    life.RaisedEvents++;
                    raised++;
                    byKind[kind] = byKind.GetValueOrDefault(kind) + 1;
                    alerted.Add((patient, kind));
                }

                if (e.GetProperty("status").GetString() == "resolved" && life.Closed == long.MaxValue) life.Closed = sequence;
                lives[id] = life;
            }

            foreach (var (id, life) in lives)
                if (life.RaisedEvents != 1) { duplicates++; Console.WriteLine($"  {center}: alert {id} has {life.RaisedEvents} raised events"); }
            foreach (var group in lives.Values.GroupBy(l => (l.Patient, l.Kind)))
            {
                var ordered = group.OrderBy(l => l.Raised).ToArray();
                for (var i = 1; i < ordered.Length; i++)
                    if (ordered[i].Raised < ordered[i - 1].Closed)
                    {
                        duplicates++;
                        Console.WriteLine($"  {center}: two {group.Key.Kind} alerts open at once for one patient (raised at #{ordered[i - 1].Raised} and #{ordered[i].Raised})");
                    }
            }
        }

        return (duplicates, gaps, raised, byKind, alerted);
    }

    /// <summary>Open alerts listed by the REST API: at most one per patient and kind.</summary>
    public static async Task<int> OpenDuplicatesAsync(Cluster cluster, IReadOnlyList<string> centers)
    {
        var duplicates = 0;
        foreach (var center in centers)
        {
            var text = await cluster.RequestUntilAnsweredAsync(HttpMethod.Get, $"api/v1/centers/{center}/alerts?status=open", null, TimeSpan.FromSeconds(120), CancellationToken.None)
                ?? throw new InvalidOperationException($"no server listed the alerts of {center}");
            using var document = JsonDocument.Parse(text);
            var items = document.RootElement.ValueKind == JsonValueKind.Array ? document.RootElement : document.RootElement.GetProperty("alerts");
            duplicates += items.EnumerateArray()
                .GroupBy(a => (a.GetProperty("patientId").GetString(), a.GetProperty("kind").GetString()))
                .Sum(g => g.Count() - 1);
        }

        return duplicates;
    }

    /// <summary>
    /// Each patient's status (CRS and ICANS grade and maximum) compared with the clinical engine run offline over the
    /// acknowledged observations, as PatientGrain builds its timeline (normaliser, then PatientTimeline with the
    /// default rules). Returns the patients whose grades differ, and the offline CRS maximum of each patient.
    /// </summary>
    public static async Task<(int Wrong, Dictionary<string, int> CrsMax)> GradesAsync(Cluster cluster, Course course)
    {
        var byPatient = cluster.Acknowledged.Values.GroupBy(o => o.PatientId).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var wrong = 0;
        var crsMax = new Dictionary<string, int>(StringComparer.Ordinal);
        var normaliser = ObservationNormaliser.Default;
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < course.Count; i++)
        {
            var patient = course.Ids[i];
            var timeline = new PatientTimeline(new PatientProfile(course.InfusionAt, Course.AgeOf(i)));
            foreach (var o in byPatient.GetValueOrDefault(patient) ?? [])
            {
                var value = o.Value switch
                {
                    decimal number => ObservationValue.Of(number),
                    string coded => ObservationValue.Of(coded),
                    string[] list => ObservationValue.Of(list),
                    _ => ObservationValue.Missing,
                };
                var result = normaliser.Normalise(new ObservationInput(o.Id, o.Code, value, o.Unit, o.EffectiveAt), now, course.InfusionAt);
                if (result.Observation is { } observation) timeline.Add(observation);
            }

            var expected = timeline.Assess();
            crsMax[patient] = expected.Crs.MaxGrade;
            var status = await cluster.RequestUntilAnsweredAsync(HttpMethod.Get, $"api/v1/patients/{patient}/status", null, TimeSpan.FromSeconds(120), CancellationToken.None, server: i % cluster.Servers.Count)
                ?? throw new InvalidOperationException("no server answered a patient status");
            using var document = JsonDocument.Parse(status);
            var crs = document.RootElement.GetProperty("crs");
            var icans = document.RootElement.GetProperty("icans");
            var actual = (crs.GetProperty("grade").GetInt32(), crs.GetProperty("maxGrade").GetInt32(), icans.GetProperty("grade").GetInt32(), icans.GetProperty("maxGrade").GetInt32());
            var wanted = (expected.Crs.Grade, expected.Crs.MaxGrade, expected.Icans.Grade, expected.Icans.MaxGrade);
            if (actual != wanted)
            {
                wrong++;
                Console.WriteLine($"  patient #{i}: status CRS {actual.Item1}/{actual.Item2} ICANS {actual.Item3}/{actual.Item4}, offline CRS {wanted.Item1}/{wanted.Item2} ICANS {wanted.Item3}/{wanted.Item4} (grade/max)");
            }
        }

        return (wrong, crsMax);
    }
}

/// <summary>One alert as its events tell it: whose, of what kind, raised and closed (resolved) at which sequence.</summary>
internal record struct AlertLife(string Patient, string Kind, long Raised, long Closed, int RaisedEvents);
