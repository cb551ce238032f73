using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace TrialMonitor.Persistence;

/// <summary>
/// The hash chain of the audit log, shared by both providers. A record's hash is the lower-case hex SHA-256 of a
/// canonical encoding of (sequence, at, actor, roles, action, target, before, after, prev_hash): each field is
/// written as <c>S&lt;byte length&gt;:&lt;UTF-8 bytes&gt;;</c>, an absent one as <c>N;</c>, so no two different
/// records encode alike. <c>at</c> is UTC ISO-8601 with 7 fractional digits; the first record's prev_hash is 64 zeros.
/// </summary>
public static class AuditChain
{
    public static readonly string GenesisHash = new('0', 64);

    /// <summary>The stored form of a time: UTC, whole microseconds (PostgreSQL's timestamptz precision), 7 fractional digits.</summary>
    public static DateTimeOffset Normalise(DateTimeOffset at)
    {
        var utc = at.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % 10), TimeSpan.Zero);
    }

    public static string FormatAt(DateTimeOffset at) =>
        at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    public static DateTimeOffset ParseAt(string value) =>
        DateTimeOffset.ParseExact(value, "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    public static string Hash(long sequence, DateTimeOffset at, string actor, string roles, string action, string target, string? beforeJson, string? afterJson, string prevHash)
    {
        using var buffer = new MemoryStream();
        Field(buffer, sequence.ToString(CultureInfo.InvariantCulture));
        Field(buffer, FormatAt(at));
        Field(buffer, actor);
        Field(buffer, roles);
        Field(buffer, action);
        Field(buffer, target);
        Field(buffer, beforeJson);
        Field(buffer, afterJson);
        Field(buffer, prevHash);
        return Convert.ToHexStringLower(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)));
    }

    public static string Hash(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return Hash(record.Sequence, record.At, record.Actor, record.Roles, record.Action, record.Target, record.BeforeJson, record.AfterJson, record.PrevHash);
    }

    /// <summary>The next link: the entry with the given sequence after the record whose hash is <paramref name="prevHash"/>.</summary>
    public static AuditRecord Link(long sequence, AuditEntry entry, string prevHash)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var at = Normalise(entry.At);
        var hash = Hash(sequence, at, entry.Actor, entry.Roles, entry.Action, entry.Target, entry.BeforeJson, entry.AfterJson, prevHash);
        return new AuditRecord(sequence, at, entry.Actor, entry.Roles, entry.Action, entry.Target, entry.BeforeJson, entry.AfterJson, prevHash, hash);
    }

    /// <summary>Walks records in sequence order: sequences must run 1, 2, 3… and every link and hash must hold.</summary>
    public static async Task<AuditVerification> VerifyAsync(IAsyncEnumerable<AuditRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        long verified = 0;
        var expectedSequence = 1L;
        var prevHash = GenesisHash;
        await foreach (var record in records.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (record.Sequence != expectedSequence)
            {
                var reason = record.Sequence > expectedSequence
                    ? $"sequence {record.Sequence} follows {expectedSequence - 1}: {Missing(expectedSequence, record.Sequence - 1)}"
                    : $"sequence {record.Sequence} is out of order after {expectedSequence - 1}";
                return new AuditVerification(verified, new AuditBrokenLink(record.Sequence, reason));
            }

            if (!string.Equals(record.PrevHash, prevHash, StringComparison.Ordinal))
            {
                return new AuditVerification(verified, new AuditBrokenLink(record.Sequence,
                    expectedSequence == 1 ? "prev_hash of the first entry is not the genesis hash" : $"prev_hash does not match the hash of entry {expectedSequence - 1}"));
            }

            if (!string.Equals(Hash(record), record.Hash, StringComparison.Ordinal))
                return new AuditVerification(verified, new AuditBrokenLink(record.Sequence, "hash does not match the entry's content"));

            verified++;
            expectedSequence++;
            prevHash = record.Hash;
        }

        return new AuditVerification(verified, null);
    }

    private static void Field(MemoryStream buffer, string? value)
    {
        if (value is null)
        {
            buffer.Write("N;"u8);
            return;
        }

        var bytes = Encoding.UTF8.GetBytes(value);
        buffer.Write(Encoding.ASCII.GetBytes("S" + bytes.Length.ToString(CultureInfo.InvariantCulture) + ":"));
        buffer.Write(bytes);
        buffer.Write(";"u8);
    }

    private static string Missing(long from, long to) => from == to ? $"entry {from} is missing" : $"entries {from}–{to} are missing";
}
