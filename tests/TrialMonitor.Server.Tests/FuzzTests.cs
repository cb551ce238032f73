using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using TrialMonitor.Clinical.Alerts;
using TrialMonitor.Clinical.Sae;
using TrialMonitor.Server.Tests.Support;
using Xunit.Abstractions;

namespace TrialMonitor.Server.Tests;

/// <summary>
/// Hardened input (issue "Security"): at least 100,000 mutated and random payloads, from a seeded generator, to every
/// write endpoint. Never a 5xx, the server still ready at the end, and no partial write: every observation reported
/// rejected is absent from the observation log and every one not rejected is in it.
/// </summary>
public sealed class FuzzTests(ITestOutputHelper output)
{
    private const int Seed = 20260303;
    private const int Workers = 8;
    private static readonly int Payloads = int.TryParse(Environment.GetEnvironmentVariable("TRIALMONITOR_FUZZ_PAYLOADS"), out var n) ? n : 100_000;
    private const string Center = "FZ-C";
    private static readonly string[] Patients = [.. Enumerable.Range(1, 7).Select(i => $"FZ-P{i:D2}")];
    private const string DeadPatient = "FZ-P08";

    /// <summary>Three centers, so that the alerts of the mutated batches do not all queue at one center grain.</summary>
    private static readonly string[] Centers = [Center, "FZ-D", "FZ-E"];

    private static string CenterOf(string patient) => Centers[Array.IndexOf(Patients, patient) is var i and >= 0 ? i % Centers.Length : 0];

    [Fact]
    public async Task Mutated_and_random_payloads_never_cause_a_5xx_or_a_partial_write()
    {
        var storage = StorageTarget.NewSqlite();
        await using var factory = new TrialMonitorFactory(storage);
        factory.Settings["Api:RateLimit:Enabled"] = "false";
        // The in-process test server cannot apply Kestrel's per-endpoint limit (the middleware enforces it instead).
        factory.Settings["Logging:LogLevel:Microsoft.AspNetCore.Routing.EndpointRoutingMiddleware"] = "Error";
        using var client = factory.CreateClient();
        var infusionAt = DateTimeOffset.UtcNow.AddDays(-3).AddTicks(-(DateTimeOffset.UtcNow.Ticks % TimeSpan.TicksPerSecond));
        var targets = await SetUpAsync(client, infusionAt);

        var failures = new ConcurrentQueue<string>();
        var statuses = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var elapsed = new ConcurrentDictionary<string, double>(StringComparer.Ordinal);
        var rejectedIds = new ConcurrentBag<string>();
        var evidence = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        var seen = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var keptIds = new ConcurrentBag<string>();
        var patientsSent = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        var sent = 0;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Workers).Select(worker => Task.Run(async () =>
        {
            var generator = new PayloadGenerator(new Random(Seed + worker), targets, infusionAt);
            for (var i = worker; i < Payloads; i += Workers)
            {
                var request = generator.Next($"fz{i}");
                Interlocked.Increment(ref sent);
                try
                {
                    using var message = new HttpRequestMessage(request.Method, new Uri(request.Path, UriKind.Relative));
                    if (request.Body is not null)
                    {
                        message.Content = new ByteArrayContent(request.Body);
                        message.Content.Headers.ContentType = request.ContentType is null ? null : MediaTypeHeaderValue.Parse(request.ContentType);
                    }

                    var started = Stopwatch.GetTimestamp();
                    using var response = await client.SendAsync(message);
                    elapsed.AddOrUpdate(request.Endpoint, Stopwatch.GetElapsedTime(started).TotalMilliseconds, (_, t) => t + Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    var text = await response.Content.ReadAsStringAsync();
                    statuses.AddOrUpdate($"{request.Endpoint} {(int)response.StatusCode}", 1, (_, c) => c + 1);
                    if ((int)response.StatusCode >= 500)
                        failures.Enqueue($"{(int)response.StatusCode} {request.Method} {request.Path} {Show(request.Body)} -> {text}");
                    else if (request.Endpoint == "observations" && response.StatusCode == HttpStatusCode.Accepted)
                        Classify(request.Body!, text, rejectedIds, keptIds, patientsSent, evidence, seen, failures);
                }
                catch (Exception exception) when (exception is not OutOfMemoryException)
                {
                    failures.Enqueue($"{exception.GetType().Name} {request.Method} {request.Path} {Show(request.Body)}: {exception}");
                }
            }
        })));
        watch.Stop();

        using var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        var log = storage.OpenLog();
        var logged = new HashSet<string>(StringComparer.Ordinal);
        // Every patient any item named: a mutation may have named a patient that another payload enrolled (say "NaN").
        foreach (var patient in Patients.Append(DeadPatient).Concat(patientsSent.Keys).Distinct(StringComparer.Ordinal))
            foreach (var row in await log.ReadPatientAsync(patient)) logged.Add(row.Id);

        output.WriteLine($"{sent:N0} payloads to {statuses.Keys.Select(k => k[..k.LastIndexOf(' ')]).Distinct().Count()} write endpoints in {watch.Elapsed.TotalSeconds:F1} s " +
            $"({sent / watch.Elapsed.TotalSeconds:N0}/s, {Workers} workers, seed {Seed}); observations checked: rejected {rejectedIds.Count(Once):N0}, kept {keptIds.Count(Once):N0}; logged {logged.Count:N0}");
        foreach (var (key, count) in statuses.OrderBy(s => s.Key, StringComparer.Ordinal)) output.WriteLine($"  {key}: {count:N0}");
        foreach (var (key, ms) in elapsed.OrderBy(s => s.Key, StringComparer.Ordinal)) output.WriteLine($"  {key}: {ms / 1000:F1} s in requests");
        foreach (var failure in failures.Take(3)) output.WriteLine("FAIL " + failure);

        Assert.True(sent >= Math.Min(Payloads, 100_000), $"only {sent} payloads sent");
        Assert.True(failures.IsEmpty, $"{failures.Count} failures; first: {failures.FirstOrDefault()}");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        // Only ids sent once in all the accepted batches: a mutation may repeat an item, or turn one id into another.
        bool Once(string id) => seen.TryGetValue(id, out var count) && count == 1;
        var rejectedButLogged = rejectedIds.Where(Once).Where(logged.Contains).ToList();
        foreach (var id in rejectedButLogged.Take(5)) output.WriteLine($"REJECTED BUT LOGGED {id}: {evidence.GetValueOrDefault(id)}");
        Assert.True(rejectedButLogged.Count == 0, $"{rejectedButLogged.Count} observations reported rejected are in the log, e.g. {rejectedButLogged.FirstOrDefault()}");
        var keptButMissing = keptIds.Where(Once).Where(id => !logged.Contains(id)).ToList();
        foreach (var id in keptButMissing.Take(5)) output.WriteLine($"KEPT BUT MISSING {id}: {evidence.GetValueOrDefault(id)}");
        Assert.True(keptButMissing.Count == 0, $"{keptButMissing.Count} observations not rejected are missing from the log, e.g. {keptButMissing.FirstOrDefault()}");
        Assert.NotEmpty(keptIds);
        Assert.NotEmpty(rejectedIds);
    }

    /// <summary>Which of the generator's own observation ids (unique by construction) the server rejected and which it kept.</summary>
    private static void Classify(byte[] body, string response, ConcurrentBag<string> rejectedIds, ConcurrentBag<string> keptIds, ConcurrentDictionary<string, bool> patients, ConcurrentDictionary<string, string> evidence, ConcurrentDictionary<string, int> seen, ConcurrentQueue<string> failures)
    {
        using var sentDocument = JsonDocument.Parse(body);
        using var answer = JsonDocument.Parse(response);
        var items = sentDocument.RootElement.GetProperty("observations").EnumerateArray().ToList();
        var rejected = answer.RootElement.GetProperty("rejected").EnumerateArray().Select(r => r.GetProperty("index").GetInt32()).ToHashSet();
        var accounted = answer.RootElement.GetProperty("accepted").GetInt32() + answer.RootElement.GetProperty("duplicates").GetInt32() + rejected.Count;
        if (accounted != items.Count) failures.Enqueue($"202 accounts for {accounted} of {items.Count} items: {response}");
        var ids = items.Select(item => item.ValueKind == JsonValueKind.Object && item.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null).ToList();
        foreach (var item in items)
            if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("patientId", out var patient) && patient.ValueKind == JsonValueKind.String)
                patients.TryAdd(patient.GetString()!, true);
        foreach (var id in ids)
            if (id is not null) seen.AddOrUpdate(id, 1, (_, c) => c + 1);
        for (var i = 0; i < items.Count; i++)
        {
            if (ids[i] is not { } id) continue;
            (rejected.Contains(i) ? rejectedIds : keptIds).Add(id);
            evidence[id] = $"{Encoding.UTF8.GetString(body)} -> {response}";
        }
    }

    private static string Show(byte[]? body) => body is null ? "(no body)" : Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 300));

    /// <summary>Enrolled patients, a real alert and SAE draft, a center with a webhook: targets the mutations aim at.</summary>
    private static async Task<Targets> SetUpAsync(HttpClient client, DateTimeOffset infusionAt)
    {
        foreach (var patient in Patients.Append(DeadPatient))
        {
            using var enrolled = await TrialMonitorApi.EnrolAsync(client, patient, CenterOf(patient), infusionAt);
            Assert.Equal(HttpStatusCode.Created, enrolled.StatusCode);
        }

        await TrialMonitorApi.PostObservationsAsync(client, [TrialMonitorApi.Observation("setup-fever", Patients[0], "8310-5", 39.2m, "Cel", infusionAt.AddHours(30))]);
        using var died = await client.PostAsync(new Uri($"/api/v1/patients/{DeadPatient}/death", UriKind.Relative),
            new StringContent($"{{\"diedAt\":\"{DateTimeOffset.UtcNow.AddHours(-1):O}\",\"cause\":\"setup\"}}", Encoding.UTF8, "application/json"));
        var draft = JsonDocument.Parse(await died.Content.ReadAsStringAsync()).RootElement.GetProperty("draftId").GetString()!;
        var alertIds = new List<string>();
        foreach (var center in Centers)
            alertIds.AddRange((await TrialMonitorApi.GetJsonAsync(client, $"/api/v1/centers/{center}/alerts")).EnumerateArray().Select(a => a.GetProperty("alertId").GetString()!));
        alertIds.Add(Center + "~00000000000000000000");

        // Impossible SpO2 readings, quarantined for the review endpoints to release (with a correction) or discard.
        var impossible = Enumerable.Range(0, 40).Select(i =>
            TrialMonitorApi.Observation($"setup-q{i}", Patients[i % Patients.Length], "59408-5", 150m + i, "%", infusionAt.AddHours(2).AddMinutes(i))).ToArray();
        await TrialMonitorApi.PostObservationsAsync(client, impossible);
        var quarantineIds = new List<long>();
        foreach (var center in Centers)
            quarantineIds.AddRange((await TrialMonitorApi.GetJsonAsync(client, $"/api/v1/centers/{center}/quarantine")).GetProperty("items").EnumerateArray().Select(q => q.GetProperty("id").GetInt64()));
        Assert.Equal(impossible.Length, quarantineIds.Count);
        return new Targets(alertIds, draft, quarantineIds);
    }

    private sealed record Targets(IReadOnlyList<string> AlertIds, string DraftId, IReadOnlyList<long> QuarantineIds);

    private sealed record FuzzRequest(string Endpoint, HttpMethod Method, string Path, byte[]? Body, string? ContentType);

    /// <summary>Valid requests for every write endpoint, then mutated: structurally (fields), textually, or replaced by noise.</summary>
    private sealed class PayloadGenerator(Random random, Targets targets, DateTimeOffset infusionAt)
    {
        private static readonly (string Code, string Unit, double Low, double High)[] Vitals =
            [("8310-5", "Cel", 36.0, 37.6), ("8867-4", "/min", 60, 95), ("59408-5", "%", 95, 100), ("9279-1", "/min", 12, 20), ("8480-6", "mm[Hg]", 105, 135)];

        // One valid observation in twenty is abnormal, so that alerts are raised and changed, without every batch
        // queueing at a center grain that writes its state on each change.
        private static readonly (string Code, string Unit, double Low, double High)[] Abnormal =
            [("8310-5", "Cel", 38.0, 40.5), ("8867-4", "/min", 110, 150), ("59408-5", "%", 84, 92), ("9279-1", "/min", 24, 32), ("8480-6", "mm[Hg]", 70, 89)];

        private static readonly string[] WeirdStrings =
        [
            "", " ", "NaN", "Infinity", "-Infinity", "-0", "1e309", "null", "true", "0x1F", "🧪🩸💉", "\u202Eevil", "e\u0301\u0301\u0301", "\t\r\n\u0001\u001f",
            "@@NUL@@", "@@SURROGATE@@", "'; DROP TABLE observations; --", "<script>alert(1)</script>", "../../etc/passwd", "%00", "Ω≈ç√∫", "\uFEFF", "\uFFFF",
            "2026-02-30T25:61:00Z", "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", "2026-03-03T14:05:00", "2026-03-03T14:05:00+25:00", "yesterday",
        ];

        private static readonly string[] WeirdNumbers =
        [
            "1e309", "-1e309", "1e-400", "123456789012345678901234567890123456789", "-0", "0.000000000000000000000000000001", "79228162514264337593543950336",
            "2147483648", "-2147483649", "1.7976931348623157e308", "4.9e-324", "0", "-1", "120", "121", new string('9', 400),
        ];

        private static readonly JsonSerializerOptions[] SerializerOptions =
        [
            new() { Encoder = JavaScriptEncoder.Default, MaxDepth = 1000 }, new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, MaxDepth = 1000 },
            new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, MaxDepth = 1000 }, new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, WriteIndented = true, MaxDepth = 1000 },
        ];

        private static readonly string[] ContentTypes = ["text/plain", "application/xml", "application/x-www-form-urlencoded", "application/json; charset=utf-16", "multipart/form-data; boundary=x"];

        public FuzzRequest Next(string token)
        {
            var pick = random.Next(100);
            var (endpoint, method, path, body) = pick switch
            {
                < 20 => ("observations", HttpMethod.Post, "/api/v1/observations", (JsonNode?)Observations(token)),
                < 32 => ("enrol", HttpMethod.Put, $"/api/v1/patients/{Segment(PatientPool())}", Enrolment()),
                < 40 => ("acknowledge", HttpMethod.Post, $"/api/v1/alerts/{Segment(AlertPool())}/acknowledge", Transition()),
                < 48 => ("resolve", HttpMethod.Post, $"/api/v1/alerts/{Segment(AlertPool())}/resolve", Transition()),
                < 58 => ("on-call", HttpMethod.Put, $"/api/v1/centers/{Segment(CenterPool())}/on-call", OnCall()),
                < 68 => ("webhook", HttpMethod.Put, $"/api/v1/centers/{Segment(WebhookCenterPool())}/webhook", Webhook()),
                < 78 => ("retry", HttpMethod.Post, $"/api/v1/centers/{Segment(WebhookCenterPool())}/webhook/dead-letters/{Segment("n-" + random.Next(5))}/retry", null),
                < 88 => ("complete", HttpMethod.Post, $"/api/v1/sae-drafts/{Segment(random.Next(4) == 0 ? "SAE-" + Center + "~0000" : targets.DraftId)}/clocks/{Segment(SaeClockNames.All[random.Next(3)])}/complete", null),
                < 92 => ("death", HttpMethod.Post, $"/api/v1/patients/{Segment(random.Next(3) == 0 ? DeadPatient : PatientPool())}/death", Death()),
                < 96 => ("release", HttpMethod.Post, $"/api/v1/quarantine/{Segment(QuarantinePool())}/release", Release()),
                _ => ("discard", HttpMethod.Post, $"/api/v1/quarantine/{Segment(QuarantinePool())}/discard", Discard()),
            };

            // An observation batch stays valid JSON more often, so that per-item rejections and the log are exercised;
            // not much more often, since every batch that gets through costs durable writes (the run's bottleneck).
            var mode = random.Next(100);
            byte[]? bytes;
            if (mode < 4) bytes = null;
            else if (mode < 8) bytes = [];
            else if (mode < 13) bytes = RandomBytes();
            else
            {
                if (body is not null && mode < (endpoint == "observations" ? 95 : 70)) for (var m = random.Next(1, 4); m > 0; m--) MutateStructure(body);
                var text = Serialize(body);
                if (mode >= (endpoint == "observations" ? 55 : 70)) text = MutateText(text);
                bytes = Encoding.UTF8.GetBytes(text);
            }

            var contentType = random.Next(10) == 0 ? (random.Next(4) == 0 ? null : ContentTypes[random.Next(ContentTypes.Length)]) : "application/json";
            return new FuzzRequest(endpoint, method, path, bytes, contentType);
        }

        private JsonObject Observations(string token)
        {
            var items = new JsonArray();
            for (var i = random.Next(1, 5); i > 0; i--)
            {
                var (code, unit, low, high) = random.Next(20) == 0 ? Abnormal[random.Next(Abnormal.Length)] : Vitals[random.Next(Vitals.Length)];
                var at = infusionAt.AddMinutes(random.Next(60, 60 * 60));
                items.Add(new JsonObject
                {
                    ["id"] = $"{token}-{i}", ["patientId"] = random.Next(15) == 0 ? "FZ-NOBODY" : Patients[random.Next(Patients.Length)],
                    ["code"] = code, ["value"] = Math.Round(low + random.NextDouble() * (high - low), 1), ["unit"] = unit, ["effectiveAt"] = at.ToString("O", CultureInfo.InvariantCulture),
                });
            }

            return new JsonObject { ["observations"] = items };
        }

        private JsonObject Enrolment() => new()
        {
            ["centerId"] = random.Next(5) == 0 ? "FZ-OTHER" : Centers[random.Next(Centers.Length)], ["trialId"] = "CART-SLE-01",
            ["infusionAt"] = infusionAt.AddMinutes(random.Next(3) == 0 ? random.Next(-100, 100) : 0).ToString("O", CultureInfo.InvariantCulture),
            ["ageYears"] = random.Next(0, 121), ["indication"] = "SLE",
        };

        private JsonObject Transition() => new() { ["note"] = "checked at bedside", ["actionable"] = random.Next(2) == 0 };

        private JsonObject OnCall()
        {
            var shifts = new JsonArray();
            for (var i = random.Next(0, 4); i > 0; i--)
            {
                var from = DateTimeOffset.UtcNow.AddHours(random.Next(-48, 48));
                shifts.Add(new JsonObject
                {
                    ["role"] = AlertRoles.All[random.Next(AlertRoles.All.Count)], ["person"] = "Dr Fuzz", ["contact"] = "+41 00 000 00 00",
                    ["from"] = from.ToString("O", CultureInfo.InvariantCulture), ["to"] = from.AddHours(random.Next(1, 24)).ToString("O", CultureInfo.InvariantCulture),
                });
            }

            return new JsonObject { ["shifts"] = shifts };
        }

        private JsonObject Webhook() => new() { ["url"] = "http://127.0.0.1:9/hook", ["secret"] = "fuzz-secret-" + random.Next(100) };

        private JsonObject Death() => new() { ["diedAt"] = DateTimeOffset.UtcNow.AddHours(-random.Next(1, 48)).ToString("O", CultureInfo.InvariantCulture), ["cause"] = "fuzz" };

        private string PatientPool() => random.Next(4) switch { 0 => Patients[random.Next(Patients.Length)], 1 => $"FZ-N{random.Next(200)}", _ => $"FZ-E{random.Next(50)}" };

        private JsonObject Release()
        {
            var body = new JsonObject { ["note"] = "checked against the source record" };
            if (random.Next(2) == 0) body["value"] = Math.Round(90 + random.NextDouble() * 10, 1);
            if (random.Next(3) == 0) body["unit"] = random.Next(2) == 0 ? "%" : "[degF]";
            return body;
        }

        private static JsonObject Discard() => new() { ["note"] = "test message from the interface engine" };

        /// <summary>A real pending (or meanwhile reviewed) quarantine row, a number that names none, or not a number.</summary>
        private string QuarantinePool() => random.Next(5) switch
        {
            0 => random.Next(2) == 0 ? "999999999" : "-1",
            _ => targets.QuarantineIds[random.Next(targets.QuarantineIds.Count)].ToString(CultureInfo.InvariantCulture),
        };

        private string AlertPool() => targets.AlertIds[random.Next(targets.AlertIds.Count)];

        private string CenterPool() => random.Next(3) == 0 ? Centers[random.Next(Centers.Length)] : $"FZ-OC{random.Next(20)}";

        private string WebhookCenterPool() => $"FZ-W{random.Next(20)}";

        /// <summary>A path segment: usually the intended one, sometimes replaced by noise (always escaped, so the URI is valid).</summary>
        private string Segment(string intended)
        {
            var value = random.Next(8) switch
            {
                0 => WeirdStrings[random.Next(WeirdStrings.Length)],
                1 => new string('A', random.Next(60, 400)),
                2 => RandomText(random.Next(1, 30)),
                _ => intended,
            };
            // A NUL in a path never reaches the application: Kestrel refuses the request line (400) and the in-process test
            // client throws before sending, so segments carry every other character.
            value = value.Replace("\0", "", StringComparison.Ordinal).Replace("@@NUL@@", "", StringComparison.Ordinal).Replace("@@SURROGATE@@", "x", StringComparison.Ordinal);
            return value.Length == 0 ? "%20" : Uri.EscapeDataString(value);
        }

        private void MutateStructure(JsonNode root)
        {
            var containers = new List<JsonNode>();
            Collect(root, containers);
            var target = containers[random.Next(containers.Count)];
            if (target is JsonObject obj)
            {
                var names = obj.Select(p => p.Key).ToList();
                var name = names.Count == 0 ? "extra" : names[random.Next(names.Count)];
                switch (random.Next(5))
                {
                    case 0:
                        obj.Remove(name);
                        break;
                    case 1:
                        var value = obj[name]?.DeepClone();
                        obj.Remove(name);
                        obj[random.Next(2) == 0 ? name.ToUpperInvariant() : name + "_" + random.Next(9)] = value;
                        break;
                    case 2:
                        obj["unexpected" + random.Next(3)] = WeirdValue();
                        break;
                    default:
                        obj[name] = random.Next(6) == 0 ? Nest(WeirdValue(), random.Next(5, 40)) : WeirdValue();
                        break;
                }
            }
            else if (target is JsonArray array)
            {
                switch (random.Next(4))
                {
                    case 0 when array.Count > 0:
                        array.RemoveAt(random.Next(array.Count));
                        break;
                    case 1 when array.Count > 0:
                        array.Add(array[random.Next(array.Count)]?.DeepClone());
                        break;
                    case 2:
                        array.Add(WeirdValue());
                        break;
                    default:
                        if (array.Count > 0) array[random.Next(array.Count)] = WeirdValue();
                        break;
                }
            }
        }

        private static void Collect(JsonNode? node, List<JsonNode> containers)
        {
            switch (node)
            {
                case JsonObject obj:
                    containers.Add(obj);
                    foreach (var (_, child) in obj) Collect(child, containers);
                    break;
                case JsonArray array:
                    containers.Add(array);
                    foreach (var child in array) Collect(child, containers);
                    break;
            }
        }

        private JsonNode? WeirdValue() => random.Next(9) switch
        {
            0 => null,
            1 => JsonValue.Create(random.Next(2) == 0),
            2 => JsonNode.Parse(WeirdNumbers[random.Next(WeirdNumbers.Length)]),
            3 => new JsonArray(JsonValue.Create(WeirdStrings[random.Next(WeirdStrings.Length)]), JsonValue.Create(1)),
            4 => new JsonObject { ["nested"] = WeirdStrings[random.Next(WeirdStrings.Length)] },
            5 => JsonValue.Create(new string('x', random.Next(100, 5000))),
            6 => JsonValue.Create(RandomText(random.Next(1, 40))),
            _ => JsonValue.Create(WeirdStrings[random.Next(WeirdStrings.Length)]),
        };

        private static JsonNode Nest(JsonNode? value, int depth)
        {
            JsonNode node = new JsonArray(value);
            for (var i = 1; i < depth; i++) node = i % 2 == 0 ? new JsonArray(node) : new JsonObject { ["a"] = node };
            return node;
        }

        private string Serialize(JsonNode? body)
        {
            if (body is null) return "";
            return body.ToJsonString(SerializerOptions[random.Next(SerializerOptions.Length)]).Replace("@@NUL@@", "\\u0000", StringComparison.Ordinal).Replace("@@SURROGATE@@", random.Next(2) == 0 ? "\\ud800" : "\\udfff\\ud800", StringComparison.Ordinal);
        }

        private string MutateText(string text)
        {
            if (text.Length == 0) return "{";
            switch (random.Next(7))
            {
                case 0:
                    return text[..random.Next(text.Length)];
                case 1:
                {
                    // Duplicate the first property of a random object.
                    var open = text.IndexOf('{', random.Next(text.Length));
                    if (open < 0) open = text.IndexOf('{', StringComparison.Ordinal);
                    var colon = open < 0 ? -1 : text.IndexOf(':', open);
                    var end = colon < 0 ? -1 : text.IndexOfAny([',', '}'], colon);
                    return end < 0 ? text + "}" : text[..(open + 1)] + text[(open + 1)..end] + "," + text[(open + 1)..];
                }

                case 2:
                    return text + (random.Next(3) switch { 0 => "garbage", 1 => " {}", _ => "\0" });
                case 3:
                {
                    var at = random.Next(text.Length);
                    return text[..at] + (char)random.Next(0, 0x80) + text[at..];
                }

                case 4:
                {
                    var at = random.Next(text.Length);
                    return text[..at] + text[(at + 1)..];
                }

                case 5:
                    return new string('[', random.Next(10, 2000)) + new string(']', random.Next(0, 2000));
                default:
                    return "\"" + RandomText(random.Next(1, 50)) + "\"";
            }
        }

        private byte[] RandomBytes()
        {
            var bytes = new byte[random.Next(1, 600)];
            random.NextBytes(bytes);
            if (random.Next(2) == 0) bytes[0] = (byte)'{';
            return bytes;
        }

        private string RandomText(int length)
        {
            var builder = new StringBuilder(length);
            for (var i = 0; i < length; i++)
            {
                var c = random.Next(4) switch { 0 => (char)random.Next(0x20, 0x7F), 1 => (char)random.Next(0xA0, 0x2FFF), 2 => (char)random.Next(0, 0x20), _ => (char)random.Next(0x3000, 0xD7FF) };
                builder.Append(c);
            }

            return builder.ToString();
        }
    }
}
