using TrialMonitor.Safety.Statistics;

namespace TrialMonitor.Safety.Tests;

/// <summary>Edges and properties the worked numbers do not reach.</summary>
public sealed class PropertyTests
{
    public static TheoryData<int, int> Counts()
    {
        var data = new TheoryData<int, int>();
        foreach (var n in new[] { 1, 2, 7, 15, 24, 60, 300 })
        {
            foreach (var x in new[] { 0, 1, n / 3, n / 2, n - 1, n }.Distinct().Where(x => x >= 0 && x <= n)) data.Add(x, n);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Counts))]
    public void Clopper_Pearson_contains_the_estimate_and_stays_in_0_1(int x, int n)
    {
        var ci = ClopperPearson.Interval(x, n);
        Assert.InRange(ci.Lower, 0, ci.Estimate);
        Assert.InRange(ci.Upper, ci.Estimate, 1);
        if (x == 0) Assert.Equal(0, ci.Lower);
        if (x == n) Assert.Equal(1, ci.Upper);
        if (x == 0) Assert.Equal(1 - Math.Pow(0.025, 1.0 / n), ci.Upper, 10);
        if (x == n) Assert.Equal(Math.Pow(0.025, 1.0 / n), ci.Lower, 10);
    }

    [Fact]
    public void Clopper_Pearson_bounds_rise_with_events_and_narrow_with_patients()
    {
        for (var x = 0; x < 20; x++)
        {
            Assert.True(ClopperPearson.Interval(x + 1, 20).Lower > ClopperPearson.Interval(x, 20).Lower);
            Assert.True(ClopperPearson.Interval(x + 1, 20).Upper > ClopperPearson.Interval(x, 20).Upper);
        }

        Assert.True(ClopperPearson.Interval(10, 100).Upper - ClopperPearson.Interval(10, 100).Lower < ClopperPearson.Interval(1, 10).Upper - ClopperPearson.Interval(1, 10).Lower);
    }

    [Fact]
    public void Clopper_Pearson_of_no_patients_is_the_whole_range_and_bad_counts_are_refused()
    {
        Assert.Equal((0.0, 1.0), (ClopperPearson.Interval(0, 0).Lower, ClopperPearson.Interval(0, 0).Upper));
        Assert.Throws<ArgumentOutOfRangeException>(() => ClopperPearson.Interval(3, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => ClopperPearson.Interval(-1, 2));
    }

    [Theory]
    [InlineData(0, 10.0)]
    [InlineData(1, 0.5)]
    [InlineData(7, 31.5)]
    [InlineData(40, 200.0)]
    public void Poisson_interval_contains_the_rate_and_matches_chi_square(int x, double years)
    {
        var rate = PoissonRate.Rate(x, years);
        Assert.InRange(rate.PerHundredPatientYears, rate.Lower, rate.Upper);
        if (x == 0) Assert.Equal(0, rate.Lower);
        // χ²_{0.975}(2x + 2)/2 is the same bound.
        Assert.Equal(MathNet.Numerics.Distributions.ChiSquared.InvCDF(2 * x + 2, 0.975) / 2, rate.ExpectedUpper, 8);
    }

    [Fact]
    public void Site_comparison_is_one_when_the_site_has_no_events_and_falls_as_its_events_rise()
    {
        Assert.Equal(1, PoissonRate.CompareOneSided(0, 10, 5, 10));
        var previous = 1.0;
        for (var x = 1; x <= 6; x++)
        {
            var p = PoissonRate.CompareOneSided(x, 10, 1, 10);
            Assert.True(p < previous);
            previous = p;
        }
    }

    [Fact]
    public void Posterior_probability_rises_with_events_and_the_boundary_never_falls_with_patients()
    {
        var prior = new BetaPrior(0.2, 1.8);
        // Strictly, until the probability is 1 to double precision.
        for (var x = 0; x < 10; x++)
            Assert.True(BetaBinomialMonitor.PosteriorExceedance(x + 1, 20, 0.1, prior) > BetaBinomialMonitor.PosteriorExceedance(x, 20, 0.1, prior));
        var table = BetaBinomialMonitor.BoundaryTable(60, 0.1, prior, 0.9);
        Assert.Null(table[0]); // even 1 of 1 leaves P(p > 0.10) below 0.9
        for (var n = 2; n < table.Count; n++) Assert.True(table[n] >= table[n - 1]);
        // At the boundary the rule stops; one fewer event does not.
        for (var n = 2; n <= 60; n++)
        {
            var b = table[n - 1]!.Value;
            Assert.True(BetaBinomialMonitor.PosteriorExceedance(b, n, 0.1, prior) >= 0.9);
            if (b > 0) Assert.True(BetaBinomialMonitor.PosteriorExceedance(b - 1, n, 0.1, prior) < 0.9);
        }
    }

    [Theory]
    [InlineData(0.2, 1.8, 0.10, 0.90)]
    [InlineData(1, 1, 0.30, 0.80)]
    [InlineData(0.5, 4.5, 0.05, 0.95)]
    [InlineData(3, 7, 0.20, 0.975)]
    public void The_boundary_table_is_each_boundary_searched_from_zero(double a, double b, double benchmark, double threshold)
    {
        // The table starts each search at the previous boundary; that must give exactly what a search from zero gives.
        var prior = new BetaPrior(a, b);
        var table = BetaBinomialMonitor.BoundaryTable(400, benchmark, prior, threshold);
        Assert.Equal(Enumerable.Range(1, 400).Select(n => BetaBinomialMonitor.Boundary(n, benchmark, prior, threshold)), table);
    }

    [Fact]
    public void Thall_Simon_Estey_with_a_point_mass_history_is_the_fixed_benchmark_rule()
    {
        // A very informative historical prior concentrated at 0.10 makes P(p_E > p_S) the fixed-benchmark probability.
        var tse = BetaBinomialMonitor.ThallSimonEstey(3, 10, new BetaPrior(100_000, 900_000), new BetaPrior(0.2, 1.8));
        Assert.Equal(BetaBinomialMonitor.PosteriorExceedance(3, 10, 0.10, new BetaPrior(0.2, 1.8)), tse, 3);
    }

    [Fact]
    public void Sprt_decision_agrees_with_the_count_boundaries()
    {
        var sprt = new Sprt(0.10, 0.30, 0.05, 0.20);
        for (var n = 1; n <= 40; n++)
        {
            for (var x = 0; x <= n; x++)
            {
                var decision = sprt.Status(x, n).Decision;
                Assert.Equal(sprt.FlagAt(n) is { } f && x >= f, decision == SprtDecision.Flag);
                Assert.Equal(sprt.ReassureAt(n) is { } r && x <= r, decision == SprtDecision.Reassure);
            }
        }
    }

    [Fact]
    public void Kaplan_Meier_without_censoring_is_the_empirical_distribution_and_censoring_only_raises_it()
    {
        var plain = new KaplanMeier(Enumerable.Range(1, 10).Select(d => new TimeToEvent(d, true)));
        Assert.Equal(0.7, plain.Survival(3), 12);
        Assert.Equal(5, plain.Median());
        var censored = new KaplanMeier(new[] { new TimeToEvent(1, true), new TimeToEvent(2, false), new TimeToEvent(3, true), new TimeToEvent(4, false) });
        // S = (1 − 1/4)·(1 − 1/2) = 0.375 after the censoring at day 2: cumulative incidence 0.625, above the naive 2/4.
        Assert.Equal(0.625, censored.CumulativeIncidence(3), 12);
        Assert.True(censored.CumulativeIncidence(3) > 2.0 / 4);
    }

    [Fact]
    public void Quartiles_interpolate_between_order_statistics()
    {
        var summary = Quartiles.Of([1, 2, 3, 4]);
        Assert.Equal((2.5, 1.75, 3.25), (summary.Median!.Value, summary.LowerQuartile!.Value, summary.UpperQuartile!.Value));
        Assert.Null(Quartiles.Of([]).Median);
    }
}
