using System.Globalization;
using TrialMonitor.Server.Api;

namespace TrialMonitor.Server.Tests;

/// <summary>The digit-by-digit reader of the common time shape gives what the general parser gives, or leaves the text to it.</summary>
public sealed class IsoTimeTests
{
    [Theory]
    [InlineData("2026-03-03T14:05:00+01:00")]
    [InlineData("2026-03-03T14:05:00Z")]
    [InlineData("2026-03-03T14:05:00.5-05:30")]
    [InlineData("2026-03-03T14:05:00.1234567+14:00")]
    [InlineData("2024-02-29T23:59:59-14:00")]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("9999-12-31T23:59:59.9999999Z")]
    public void The_common_shape_reads_as_the_general_parser_reads_it(string text)
    {
        Assert.True(IsoTime.TryParseCommon(text, out var fast));
        Assert.True(DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var general));
        Assert.Equal(general, fast);
        Assert.Equal(general.Offset, fast.Offset);
    }

    [Theory]
    [InlineData("2026-03-03T14:05:00")] // no offset
    [InlineData("2026-03-03 14:05:00+01:00")] // a space: the general parser's to judge
    [InlineData("2026-03-03t14:05:00z")]
    [InlineData("2026-03-03T14:05:00.12345678Z")] // eight fraction digits
    [InlineData("2026-03-03T14:05:00.Z")]
    [InlineData("2026-02-29T14:05:00Z")] // not a leap year
    [InlineData("2026-13-01T14:05:00Z")]
    [InlineData("2026-03-03T24:00:00Z")]
    [InlineData("2026-03-03T14:60:00Z")]
    [InlineData("2026-03-03T14:05:60Z")]
    [InlineData("2026-03-03T14:05:00+14:01")]
    [InlineData("2026-03-03T14:05:00+01:60")]
    [InlineData("2026-03-03T14:05:00+0100")]
    [InlineData("0001-01-01T00:00:00+01:00")] // before the first representable instant
    [InlineData("9999-12-31T23:59:59-01:00")] // after the last
    [InlineData("２０２６-03-03T14:05:00Z")] // non-ASCII digits
    public void Any_other_shape_is_left_to_the_general_parser(string text) =>
        Assert.False(IsoTime.TryParseCommon(text, out _));

    [Fact]
    public void Generated_times_read_as_the_general_parser_reads_them()
    {
        var random = new Random(20261203);
        var accepted = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var text = Generate(random);
            var fastOk = IsoTime.TryParseCommon(text, out var fast);
            var generalOk = DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var general);
            // The fast reader may decline what the general parser accepts, never the reverse, and never differs.
            if (!fastOk) continue;
            accepted++;
            Assert.True(generalOk, text);
            Assert.Equal(general, fast);
            Assert.Equal(general.Offset, fast.Offset);
        }

        Assert.True(accepted > 10_000, $"only {accepted} of 20,000 generated times had the common shape");
    }

    private static string Generate(Random random)
    {
        // Mostly valid fields, sometimes one just out of range, to cross every check.
        int Field(int low, int high) => random.Next(10) == 0 ? random.Next(low, high + 3) : random.Next(low, high + 1);
        var year = random.Next(4) == 0 ? random.Next(1, 10_000) : random.Next(1990, 2100);
        var text = $"{year:0000}-{Field(1, 12):00}-{Field(1, 31):00}T{Field(0, 23):00}:{Field(0, 59):00}:{Field(0, 59):00}";
        if (random.Next(2) == 0) text += "." + random.Next(0, 10_000_000).ToString("0000000", CultureInfo.InvariantCulture)[..random.Next(1, 8)];
        return text + (random.Next(3) == 0 ? "Z" : $"{(random.Next(2) == 0 ? '+' : '-')}{Field(0, 14):00}:{(random.Next(2) == 0 ? 0 : Field(0, 59)):00}");
    }
}
