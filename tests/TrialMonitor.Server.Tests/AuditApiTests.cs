using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Npgsql;
using TrialMonitor.Persistence;
using TrialMonitor.Server.Hosting;
using TrialMonitor.Server.Security;
using TrialMonitor.Server.Tests.Support;

namespace TrialMonitor.Server.Tests;

/// <summary>
/// The audit log through HTTP: every state-changing request is one chained entry naming its route pattern and target;
/// an ingest's entry holds its response (each rejection's index and error) and never an accepted value; reads are
/// not audited; the chain verifies by endpoint and by the <c>audit-verify</c> command, which also finds tampering.
/// </summary>
public abstract class AuditApiTests
{
    protected abstract StorageTarget NewStorage();

    [Fact]
    public async Task Enrolment_ingest_and_acknowledgement_are_audited_with_the_rejection_but_not_the_values_and_the_chain_verifies()
    {
        await using var factory = new TrialMonitorFactory(NewStorage());
        using var client = factory.CreateClient();
        var infusionAt = DateTimeOffset.UtcNow.AddDays(-2);
        using (var enrolled = await TrialMonitorApi.EnrolAsync(client, "AUD-001", "AUD-CTR", infusionAt))
            Assert.True(enrolled.IsSuccessStatusCode);
        var ingest = await TrialMonitorApi.PostObservationsAsync(client,
        [
            TrialMonitorApi.Observation("aud-ok", "AUD-001", "8310-5", 38.7m, "Cel", infusionAt.AddHours(30)),
            TrialMonitorApi.Observation("aud-bad", "AUD-001", "8310-5", 98.9m, "Cel", infusionAt.AddHours(31)),
        ]);
        Assert.Equal(1, ingest.GetProperty("accepted").GetInt32());
        var alertId = (await TrialMonitorApi.GetJsonAsync(client, "/api/v1/centers/AUD-CTR/alerts?status=open"))[0].GetProperty("alertId").GetString()!;
        using (var acknowledged = await client.PostAsync(new Uri($"/api/v1/alerts/{alertId}/acknowledge", UriKind.Relative), JsonContent.Create(new { note = "seen" })))
            Assert.Equal(HttpStatusCode.OK, acknowledged.StatusCode);
        await TrialMonitorApi.GetJsonAsync(client, "/api/v1/patients/AUD-001/status");

        var entries = await TrialMonitorApi.GetJsonAsync(client, "/api/v1/audit");

        // Three actions, no GET among them, each linked to the one before.
        Assert.Equal(
            ["PUT /api/v1/patients/{patientId}", "POST /api/v1/observations", "POST /api/v1/alerts/{alertId}/acknowledge"],
            entries.EnumerateArray().Select(e => e.GetProperty("action").GetString()));
        Assert.Equal([1L, 2L, 3L], entries.EnumerateArray().Select(e => e.GetProperty("sequence").GetInt64()));
        Assert.Equal(["patientId=AUD-001", "", $"alertId={alertId}"], entries.EnumerateArray().Select(e => e.GetProperty("target").GetString()));
        Assert.All(entries.EnumerateArray(), e => Assert.Equal(TrialMonitorFactory.TestUser, e.GetProperty("actor").GetString()));
        Assert.All(entries.EnumerateArray(), e => Assert.Equal(string.Join(",", TrialMonitorRoles.All), e.GetProperty("roles").GetString()));
        Assert.Equal(new string('0', 64), entries[0].GetProperty("prevHash").GetString());
        Assert.Equal(entries[0].GetProperty("hash").GetString(), entries[1].GetProperty("prevHash").GetString());
        Assert.Equal(entries[1].GetProperty("hash").GetString(), entries[2].GetProperty("prevHash").GetString());

        // The ingest's entry is its 202 response: the rejection by index, id and error; the accepted value nowhere.
        var ingestAfter = JsonDocument.Parse(entries[1].GetProperty("afterJson").GetString()!).RootElement;
        Assert.Equal(202, ingestAfter.GetProperty("status").GetInt32());
        Assert.Equal(1, ingestAfter.GetProperty("body").GetProperty("accepted").GetInt32());
        var rejection = Assert.Single(ingestAfter.GetProperty("body").GetProperty("rejected").EnumerateArray());
        Assert.Equal((1, "aud-bad"), (rejection.GetProperty("index").GetInt32(), rejection.GetProperty("id").GetString()));
        Assert.StartsWith("value:", rejection.GetProperty("error").GetString(), StringComparison.Ordinal);
        // The entry's own time is left out of the search: its seconds can read 38.7 (CI's did).
        var ingestEntry = string.Concat(entries[1].EnumerateObject().Where(p => p.Name != "at").Select(p => p.Value.GetRawText()));
        Assert.DoesNotContain("38.7", ingestEntry, StringComparison.Ordinal);
        Assert.DoesNotContain("aud-ok", ingestEntry, StringComparison.Ordinal);

        var acknowledgedAfter = JsonDocument.Parse(entries[2].GetProperty("afterJson").GetString()!).RootElement;
        Assert.Equal(200, acknowledgedAfter.GetProperty("status").GetInt32());
        Assert.Equal("acknowledged", acknowledgedAfter.GetProperty("body").GetProperty("status").GetString());
        // Before and after: the alert as it was (open) and as it became.
        var acknowledgedBefore = JsonDocument.Parse(entries[2].GetProperty("beforeJson").GetString()!).RootElement;
        Assert.Equal((alertId, "open"), (acknowledgedBefore.GetProperty("alertId").GetString(), acknowledgedBefore.GetProperty("status").GetString()));
        // The enrolment had no state before: a new patient.
        Assert.Equal(JsonValueKind.Null, entries[0].GetProperty("beforeJson").ValueKind);

        var page = await TrialMonitorApi.GetJsonAsync(client, "/api/v1/audit?afterSequence=1&limit=1");
        Assert.Equal(2, Assert.Single(page.EnumerateArray()).GetProperty("sequence").GetInt64());

        var verified = await TrialMonitorApi.GetJsonAsync(client, "/api/v1/audit/verify");
        Assert.Equal(3, verified.GetProperty("verified").GetInt64());
        Assert.Equal(JsonValueKind.Null, verified.GetProperty("firstBrokenLink").ValueKind);
    }

    [Theory]
    [InlineData("limit=1001", "limit:")]
    [InlineData("limit=0", "limit:")]
    [InlineData("limit=many", "limit:")]
    [InlineData("afterSequence=-1", "afterSequence:")]
    public async Task A_bad_query_is_a_problem_naming_the_field(string query, string field)
    {
        await using var factory = new TrialMonitorFactory(NewStorage());
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(new Uri("/api/v1/audit?" + query, UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith(field, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_audit_verify_command_reports_an_intact_chain_and_then_the_first_broken_link()
    {
        var storage = NewStorage();
        await using (var factory = new TrialMonitorFactory(storage))
        {
            using var client = factory.CreateClient();
            for (var i = 0; i < 3; i++)
            {
                using var enrolled = await TrialMonitorApi.EnrolAsync(client, $"AUDC-00{i}", "AUDC-CTR", DateTimeOffset.UtcNow.AddDays(-1));
                Assert.True(enrolled.IsSuccessStatusCode);
            }
        }

        string[] args = ["--Storage:Provider=" + storage.Provider, .. storage.DataDirectory is { } d ? new[] { "--Storage:DataDirectory=" + d } : [],
            .. storage.ConnectionString is { } c ? new[] { "--Storage:ConnectionString=" + c } : []];
        using var intact = new StringWriter();
        Assert.Equal(0, await AuditVerifyCommand.RunAsync(args, intact));
        Assert.Equal("audit chain intact: 3 entries", intact.ToString().Trim());

        await TamperAsync(storage, "UPDATE audit_log SET actor = 'someone else' WHERE seq = 2");
        using var broken = new StringWriter();
        Assert.Equal(1, await AuditVerifyCommand.RunAsync(args, broken));
        Assert.Equal("audit chain broken at sequence 2: hash does not match the entry's content", broken.ToString().Trim());
    }

    /// <summary>Rewrites the audit log behind the server's back, the append-only triggers out of the way.</summary>
    private static async Task TamperAsync(StorageTarget storage, string sql)
    {
        if (storage.Provider == StorageProvider.Postgres)
        {
            await using var connection = new NpgsqlConnection(storage.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("ALTER TABLE audit_log DISABLE TRIGGER ALL; " + sql, connection);
            await command.ExecuteNonQueryAsync();
        }
        else
        {
            await using var connection = new SqliteConnection(storage.ToOptions().ResolveConnectionString());
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete; " + sql;
            await command.ExecuteNonQueryAsync();
        }
    }
}

public sealed class AuditApiOnSqliteTests : AuditApiTests
{
    protected override StorageTarget NewStorage() => StorageTarget.NewSqlite();
}

public sealed class AuditApiOnPostgresTests : AuditApiTests
{
    protected override StorageTarget NewStorage() => StorageTarget.NewPostgres();
}
