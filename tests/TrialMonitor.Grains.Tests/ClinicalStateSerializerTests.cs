using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using TrialMonitor.Contracts.Centers;
using TrialMonitor.Grains.Centers;
using TrialMonitor.Grains.Tests.Support;
using static TrialMonitor.Grains.Tests.Support.Course;

namespace TrialMonitor.Grains.Tests;

/// <summary>
/// Grain state is stored in Orleans' binary format, and a state an earlier version stored as JSON (Orleans' default)
/// is still read.
/// </summary>
public sealed class ClinicalStateSerializerTests
{
    private static CenterPatientsState Rows(int count) => new()
    {
        Patients = Enumerable.Range(0, count).ToDictionary(i => $"CSS-P{i:D4}",
            i => new PatientSummary($"CSS-P{i:D4}", TrialId, InfusionAt, i % 3, i % 4, 0, 1, i % 2 == 0, i % 7, 0, Hour(i)), StringComparer.Ordinal),
    };

    [Fact]
    public async Task The_storage_writes_binary_and_still_reads_json()
    {
        await using var cluster = await GrainCluster.StartAsync(GrainCluster.NewDataDirectory());
        var services = cluster.Cluster.Silos[0].ServiceProvider!;
        var storage = services.GetRequiredKeyedService<IGrainStorageSerializer>(GrainStorage.Clinical);
        var json = services.GetRequiredService<IGrainStorageSerializer>();
        Assert.IsType<ClinicalStateSerializer>(storage);
        var rows = Rows(1000);

        var binary = storage.Serialize(rows);
        var fromBinary = storage.Deserialize<CenterPatientsState>(binary)!;
        Assert.Equal(rows.Patients.Values, fromBinary.Patients.Values);
        Assert.Equal(StringComparer.Ordinal, fromBinary.Patients.Comparer);

        var older = json.Serialize(rows);
        Assert.Equal((byte)'{', older.ToMemory().Span[0]);
        Assert.Equal(rows.Patients.Values, storage.Deserialize<CenterPatientsState>(older)!.Patients.Values);

        // What the change is for: the same rows in a fraction of the bytes.
        Assert.True(binary.ToMemory().Length * 3 < older.ToMemory().Length, $"binary {binary.ToMemory().Length} B, JSON {older.ToMemory().Length} B");
    }
}
