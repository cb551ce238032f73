using System.Buffers;
using Orleans.Serialization;
using Orleans.Storage;

namespace TrialMonitor.Grains;

/// <summary>
/// Grain state in Orleans' binary format rather than its default JSON, which spelled out every property and type
/// name: a center's 1,000 patient rows were 528 KiB of JSON, and ten centers writing them at once held up ingest for
/// a few hundred milliseconds (bench/README.md). Binary states carry a marker; a state without it was written as
/// JSON by an earlier version and is still read as such, then written back in binary at its next save.
/// </summary>
public sealed class ClinicalStateSerializer(Serializer serializer, IGrainStorageSerializer json) : IGrainStorageSerializer
{
    // No JSON text starts with a NUL byte.
    private static ReadOnlySpan<byte> Marker => [0x00, (byte)'T', (byte)'M', 0x01];

    public BinaryData Serialize<T>(T? input)
    {
        var buffer = new ArrayBufferWriter<byte>();
        buffer.Write(Marker);
        serializer.Serialize(input, buffer);
        return new BinaryData(buffer.WrittenMemory);
    }

    public T? Deserialize<T>(BinaryData input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var bytes = input.ToMemory();
        return bytes.Span.StartsWith(Marker) ? serializer.Deserialize<T>(bytes[Marker.Length..]) : json.Deserialize<T>(input);
    }
}
