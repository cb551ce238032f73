using System.Text;
using TrialMonitor.Server.Api;

namespace TrialMonitor.Server.Tests;

/// <summary>The strict reader's check and decoding of raw JSON string text, escapes included, without allocating.</summary>
public sealed class JsonTextTests
{
    [Theory]
    [InlineData("plain text", "None")]
    [InlineData(@"2026-03-03T14:05:00\u002B01:00", "None")]
    [InlineData(@"smile \ud83d\ude00", "None")]
    [InlineData(@"a backslash then u0000: \\u0000", "None")]
    [InlineData(@"quote \"" tab \t slash \/", "None")]
    [InlineData(@"SLE\u0000", "Nul")]
    [InlineData(@"lone high \ud800", "InvalidUnicode")]
    [InlineData(@"lone high \ud800 then text", "InvalidUnicode")]
    [InlineData(@"high then high \ud83d\ud83d", "InvalidUnicode")]
    [InlineData(@"lone low \ude00", "InvalidUnicode")]
    public void Check_finds_what_decoding_would(string raw, string expected) =>
        Assert.Equal(Enum.Parse<JsonText.Fault>(expected), JsonText.Check(Encoding.UTF8.GetBytes(raw)));

    [Fact]
    public void Check_finds_invalid_utf8_outside_escapes() =>
        Assert.Equal(JsonText.Fault.InvalidUnicode, JsonText.Check([(byte)'S', 0xC3, 0x28, (byte)'\\', (byte)'n']));

    [Theory]
    [InlineData(@"2026-03-03T14:05:00\u002B01:00", "2026-03-03T14:05:00+01:00")]
    [InlineData(@"2026-03-03T14:05:00Z", "2026-03-03T14:05:00Z")]
    [InlineData(@"a\\b\""c\/d\te", "a\\b\"c/d\te")]
    public void Ascii_text_decodes_on_the_stack(string raw, string expected)
    {
        Span<char> destination = stackalloc char[64];
        Assert.True(JsonText.TryDecodeAscii(Encoding.UTF8.GetBytes(raw), destination, out var length));
        Assert.Equal(expected, destination[..length].ToString());
    }

    [Theory]
    [InlineData("été")]
    [InlineData(@"\u00e9t\u00e9")]
    [InlineData("0123456789")]
    public void Other_text_is_left_to_the_ordinary_decoder(string raw)
    {
        Span<char> destination = stackalloc char[8];
        Assert.False(JsonText.TryDecodeAscii(Encoding.UTF8.GetBytes(raw), destination, out _));
    }
}
