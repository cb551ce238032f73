using TrialMonitor.Clinical.Sae;

namespace TrialMonitor.Clinical.Tests.Sae;

/// <summary>Which alert events open an SAE draft: every threshold of rules.md 10.3 "regulatory", both sides.</summary>
public sealed class SaeCriteriaTests
{
    [Theory]
    // CRS: grade ≥ 3.
    [InlineData("crs", 1, false)]
    [InlineData("crs", 2, false)]
    [InlineData("crs", 3, true)]
    [InlineData("crs", 4, true)]
    [InlineData("crs", null, false)]
    // ICANS: grade ≥ 3.
    [InlineData("icans", 1, false)]
    [InlineData("icans", 2, false)]
    [InlineData("icans", 3, true)]
    [InlineData("icans", 4, true)]
    // ICAHT: grade 4 only.
    [InlineData("icaht", 3, false)]
    [InlineData("icaht", 4, true)]
    // IEC-HS: any grade, suspected without a grade included.
    [InlineData("iec-hs", null, true)]
    [InlineData("iec-hs", 1, true)]
    [InlineData("iec-hs", 3, true)]
    // Death: always.
    [InlineData("death", null, true)]
    // Not SAE triggers by themselves, at any grade.
    [InlineData("news2", 10, false)]
    [InlineData("febrile-neutropenia", null, false)]
    [InlineData("qsofa", 3, false)]
    [InlineData("missing-data", null, false)]
    [InlineData("sae-overdue", null, false)]
    public void Defaults_follow_rules_10_3(string kind, int? grade, bool trigger) =>
        Assert.Equal(trigger, SaeCriteria.Trigger(kind, grade));

    [Theory]
    [InlineData("crs", 1, false)]
    [InlineData("crs", 2, true)]
    [InlineData("icans", 1, false)]
    [InlineData("icans", 2, true)]
    [InlineData("icaht", 2, false)]
    [InlineData("icaht", 3, true)]
    [InlineData("iec-hs", null, false)]
    [InlineData("iec-hs", 1, false)]
    [InlineData("iec-hs", 2, true)]
    public void A_protocol_can_move_each_threshold(string kind, int? grade, bool trigger)
    {
        var options = new SaeOptions { CrsFromGrade = 2, IcansFromGrade = 2, IcahtFromGrade = 3, IecHsFromGrade = 2 };

        Assert.Equal(trigger, SaeCriteria.Trigger(kind, grade, options));
    }
}
