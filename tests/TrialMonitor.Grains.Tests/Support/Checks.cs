using System.Text.Json;
using TrialMonitor.Contracts.Alerts;

namespace TrialMonitor.Grains.Tests.Support;

public static class Checks
{
    /// <summary>Records holding lists compare by reference; their JSON compares by content.</summary>
    public static string Json<T>(T value) => JsonSerializer.Serialize(value);

    public static void GapFree(IReadOnlyList<Alert> events) =>
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Sequence));

    /// <summary>Polls until <paramref name="condition"/> holds, for effects delivered by one-way grain calls.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what, TimeSpan? within = null)
    {
        var patience = within ?? TimeSpan.FromSeconds(10);
        var deadline = DateTime.UtcNow + patience;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"not within {patience.TotalSeconds:0} s: {what}");
            await Task.Delay(50);
        }
    }
}
