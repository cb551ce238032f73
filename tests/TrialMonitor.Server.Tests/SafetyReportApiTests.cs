using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;
using TrialMonitor.Server.Tests.Support;

namespace TrialMonitor.Server.Tests;

/// <summary>
/// The safety board's report through the public API on the real ingest path: reproducible at a cut (late data
/// observed before the cut but received after it do not count), the same numbers in every format, its input checks,
/// and the safety-signal alert raised once per boundary crossing.
/// </summary>
public sealed class SafetyReportApiTests : IAsyncLifetime
{
    private const string Trial = "SR-TRIAL";

    private readonly TrialMonitorFactory _factory = new(StorageTarget.NewSqlite());

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    private HttpClient Board() => _factory.CreateClient(TrialMonitorFactory.TokenFor("dsmb-member", ["dsmb"], ["*"]));

    private static async Task EnrolAsync(HttpClient device, string patientId, string centerId, DateTimeOffset infusionAt, string product = "CD19", string dose = "1e6/kg")
    {
        var body = new JsonObject
        {
            ["centerId"] = centerId, ["trialId"] = Trial, ["infusionAt"] = infusionAt.ToString("O"), ["ageYears"] = 45, ["indication"] = "SLE",
            ["product"] = product, ["doseCohort"] = dose,
        };
        using var response = await device.PutAsync(new Uri($"/api/v1/patients/{patientId}", UriKind.Relative), System.Net.Http.Json.JsonContent.Create(body));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    /// <summary>Fever with a non-rebreather mask: CRS grade 3 (hypoxia needing more than low-flow oxygen).</summary>
    private static JsonObject[] Grade3Crs(string patientId, DateTimeOffset at) =>
    [
        TrialMonitorApi.Observation($"{patientId}-t-{at.Ticks}", patientId, "8310-5", 38.9m, "Cel", at),
        TrialMonitorApi.Observation($"{patientId}-o2-{at.Ticks}", patientId, "tm:o2-device", "non-rebreather", null, at),
    ];

    private static JsonObject Fever(string patientId, DateTimeOffset at) =>
        TrialMonitorApi.Observation($"{patientId}-f-{at.Ticks}", patientId, "8310-5", 38.4m, "Cel", at);

    private static async Task<string> GetTextAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {text}");
        return text;
    }

    private static JsonElement Row(JsonElement report, string endpoint) =>
        report.GetProperty("trial").GetProperty("incidence").EnumerateArray().Single(r => r.GetProperty("endpoint").GetString() == endpoint);

    [Fact]
    public async Task A_report_at_a_cut_gives_the_same_numbers_after_more_data_including_late_data_observed_before_the_cut()
    {
        using var device = _factory.CreateClient();
        using var board = Board();
        var infusion = DateTimeOffset.UtcNow.AddDays(-40);
        for (var i = 0; i < 6; i++) await EnrolAsync(device, $"SR-P{i}", i < 3 ? "SR-A" : "SR-B", infusion, dose: i % 2 == 0 ? "1e6/kg" : "2e6/kg");
        await TrialMonitorApi.PostObservationsAsync(device, [.. Grade3Crs("SR-P0", infusion.AddDays(2)), Fever("SR-P1", infusion.AddDays(1))]);

        await Task.Delay(50);
        var cut = DateTimeOffset.UtcNow;
        await Task.Delay(50);
        var path = $"/api/v1/trials/{Trial}/safety-report?asOf={Uri.EscapeDataString(cut.ToString("O"))}";
        var before = await GetTextAsync(board, path);
        var report = JsonDocument.Parse(before).RootElement;
        Assert.Equal(6, report.GetProperty("trial").GetProperty("patientsInfused").GetInt32());
        Assert.Equal(2, Row(report, "crs-any").GetProperty("events").GetInt32());
        Assert.Equal(1, Row(report, "crs-grade3plus").GetProperty("events").GetInt32());
        Assert.Equal(cut, report.GetProperty("dataCut").GetProperty("asOf").GetDateTimeOffset());

        // After the cut: late data observed long before it (days 3 and 5), a new patient infused before it, and new data.
        await TrialMonitorApi.PostObservationsAsync(device, [.. Grade3Crs("SR-P2", infusion.AddDays(3)), Fever("SR-P3", infusion.AddDays(5))]);
        await EnrolAsync(device, "SR-P9", "SR-B", infusion.AddDays(1));
        await TrialMonitorApi.PostObservationsAsync(device, [.. Grade3Crs("SR-P9", infusion.AddDays(2)), Fever("SR-P4", DateTimeOffset.UtcNow.AddMinutes(-1))]);

        var after = await GetTextAsync(board, path);
        Assert.Equal(before, after);
        // The later data did arrive: the live report counts them.
        var live = JsonDocument.Parse(await GetTextAsync(board, $"/api/v1/trials/{Trial}/safety-report")).RootElement;
        Assert.Equal(7, live.GetProperty("trial").GetProperty("patientsInfused").GetInt32());
        Assert.Equal(5, Row(live, "crs-any").GetProperty("events").GetInt32());
        Assert.Equal(3, Row(live, "crs-grade3plus").GetProperty("events").GetInt32());

        // The same numbers as CSV (full precision) and HTML (rounded for print), both naming the cut.
        var csv = await GetTextAsync(board, path + "&format=csv");
        var grade3 = Row(report, "crs-grade3plus");
        Assert.Contains($"incidence,trial,{Trial},crs-grade3plus,proportion,{grade3.GetProperty("proportion").GetDouble():R},{grade3.GetProperty("lower").GetDouble():R},{grade3.GetProperty("upper").GetDouble():R}", csv, StringComparison.Ordinal);
        Assert.Contains(cut.ToString("O"), csv, StringComparison.Ordinal);
        var html = await GetTextAsync(board, path + "&format=html");
        Assert.Contains($"[{grade3.GetProperty("lower").GetDouble():F3}, {grade3.GetProperty("upper").GetDouble():F3}]", html, StringComparison.Ordinal);
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        // Aggregates only: no patient id in any format.
        foreach (var text in new[] { before, csv, html }) Assert.DoesNotContain("SR-P", text, StringComparison.Ordinal);
        Assert.Equal(["SR-A", "SR-B"], report.GetProperty("byCenter").EnumerateArray().Select(g => g.GetProperty("group").GetString()));
        Assert.Equal(["CD19 / 1e6/kg", "CD19 / 2e6/kg"], report.GetProperty("byCohort").EnumerateArray().Select(g => g.GetProperty("group").GetString()));
    }

    [Theory]
    [InlineData("asOf=yesterday", "asOf")]
    [InlineData("asOf=2999-01-01T00:00:00Z", "asOf")]
    [InlineData("format=xml", "format")]
    public async Task Bad_asOf_or_format_is_a_400_naming_the_field(string query, string field)
    {
        using var device = _factory.CreateClient();
        await EnrolAsync(device, "SR-Q1", "SR-A", DateTimeOffset.UtcNow.AddDays(-3));
        using var response = await Board().GetAsync(new Uri($"/api/v1/trials/{Trial}/safety-report?{query}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.StartsWith(field + ":", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_trial_is_a_404()
    {
        using var response = await Board().GetAsync(new Uri("/api/v1/trials/NO-SUCH-TRIAL/safety-report", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_crossed_boundary_raises_one_safety_signal_per_endpoint_to_the_board_and_the_medical_monitor_and_not_again()
    {
        using var device = _factory.CreateClient();
        using var board = Board();
        var infusion = DateTimeOffset.UtcNow.AddDays(-40);
        for (var i = 0; i < 10; i++) await EnrolAsync(device, $"SS-P{i}", "SS-A", infusion);

        await using var hub = _factory.CreateHubConnection(TrialMonitorFactory.TokenFor("dsmb-member", ["dsmb"], ["*"]));
        var signals = Channel.CreateUnbounded<JsonElement>();
        hub.On<JsonElement>("safetySignal", s => signals.Writer.TryWrite(s));
        await hub.StartAsync();
        await hub.InvokeAsync<JsonElement>("JoinTrial", Trial);

        // 2 of 10 with grade 3 CRS: below b(10) = 3 for grade ≥ 3 CRS/ICANS against 0.10.
        await TrialMonitorApi.PostObservationsAsync(device, [.. Grade3Crs("SS-P0", infusion.AddDays(2)), .. Grade3Crs("SS-P1", infusion.AddDays(3))]);
        var first = JsonDocument.Parse(await GetTextAsync(board, $"/api/v1/trials/{Trial}/safety-report")).RootElement;
        var combined = first.GetProperty("stoppingRules").EnumerateArray().Single(r => r.GetProperty("endpoint").GetString() == "crs-or-icans-grade3plus");
        Assert.False(combined.GetProperty("crossed").GetBoolean());
        Assert.Equal(3, combined.GetProperty("stopAtEvents").GetInt32());

        // The third crosses: P = 0.933 ≥ 0.90 (safety-statistics.md 4.1).
        await TrialMonitorApi.PostObservationsAsync(device, Grade3Crs("SS-P2", infusion.AddDays(4)));
        var second = JsonDocument.Parse(await GetTextAsync(board, $"/api/v1/trials/{Trial}/safety-report")).RootElement;
        combined = second.GetProperty("stoppingRules").EnumerateArray().Single(r => r.GetProperty("endpoint").GetString() == "crs-or-icans-grade3plus");
        Assert.True(combined.GetProperty("crossed").GetBoolean());
        Assert.Equal("0.933", combined.GetProperty("posteriorProbability").GetDouble().ToString("F3", System.Globalization.CultureInfo.InvariantCulture));

        // Asked again, and more data that keep it crossed: no second signal for the same crossing.
        await TrialMonitorApi.PostObservationsAsync(device, [Fever("SS-P5", infusion.AddDays(1))]);
        await GetTextAsync(board, $"/api/v1/trials/{Trial}/safety-report");
        await GetTextAsync(board, $"/api/v1/trials/{Trial}/safety-report");

        using var sponsor = _factory.CreateClient(TrialMonitorFactory.TokenFor("sponsor-mm", ["sponsor"], ["*"]));
        var raised = JsonDocument.Parse(await GetTextAsync(sponsor, $"/api/v1/trials/{Trial}/safety-signals")).RootElement.EnumerateArray().ToArray();
        var onCombined = Assert.Single(raised, s => s.GetProperty("endpoint").GetString() == "crs-or-icans-grade3plus");
        Assert.Equal("safety-signal", onCombined.GetProperty("kind").GetString());
        Assert.Equal(["safety-board", "sponsor-medical-monitor"], onCombined.GetProperty("notifiedRoles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(3, onCombined.GetProperty("events").GetInt32());
        // Grade ≥ 3 CRS against twice its ≤ 2 % reference crossed earlier, at the first report; once too.
        Assert.Single(raised, s => s.GetProperty("endpoint").GetString() == "crs-grade3plus");
        Assert.Equal(2, raised.Length);
        Assert.DoesNotContain("SS-P", JsonSerializer.Serialize(raised), StringComparison.Ordinal);

        // Pushed on the hub to the trial's group, once each.
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var pushed = new List<string>();
        while (pushed.Count < 2) pushed.Add((await signals.Reader.ReadAsync(wait.Token)).GetProperty("endpoint").GetString()!);
        await Task.Delay(300);
        Assert.False(signals.Reader.TryRead(out _));
        Assert.Equal(["crs-grade3plus", "crs-or-icans-grade3plus"], pushed.Order(StringComparer.Ordinal));
    }
}
