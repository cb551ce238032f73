using TrialMonitor.Clinical.Observations;
using TrialMonitor.Clinical.Tests.Support;
using TrialMonitor.Clinical.Timeline;

namespace TrialMonitor.Clinical.Tests;

/// <summary>Every worked case of ../shared/clinical/vignettes.json through normalisation and the timeline.</summary>
public sealed class VignetteTests
{
    public static TheoryData<string> Names => Vignettes.Names();

    [Fact]
    public void All_twenty_vignettes_are_read()
    {
        Assert.Equal(20, Vignettes.All.Count);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Vignette_gives_the_expected_grades(string name)
    {
        var vignette = Vignettes.Named(name);
        var (timeline, rejected) = Ingest(vignette, vignette.Observations);

        Assert.Equal(vignette.Expected.Rejected.Order(), rejected.Order());
        var assessment = timeline.Assess();
        Assert.Equal(vignette.Expected.CrsMaxGrade, assessment.Crs.MaxGrade);
        Assert.Equal(vignette.Expected.IcansMaxGrade, assessment.Icans.MaxGrade);
        Assert.Equal(vignette.Expected.FebrileNeutropenia, assessment.FebrileNeutropenia.Met);
        Assert.Equal(vignette.Expected.News2Total, assessment.News2.Total);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Vignette_gives_the_same_assessment_in_any_arrival_order(string name)
    {
        var vignette = Vignettes.Named(name);
        var (inOrder, _) = Ingest(vignette, vignette.Observations);
        var expected = Summary(inOrder.Assess());
        for (var seed = 0; seed < 25; seed++)
        {
            var shuffled = vignette.Observations.ToArray();
            new Random(seed).Shuffle(shuffled);
            var (timeline, _) = Ingest(vignette, shuffled);
            Assert.Equal(expected, Summary(timeline.Assess()));
        }

        var (reversed, _) = Ingest(vignette, vignette.Observations.Reverse().ToArray());
        Assert.Equal(expected, Summary(reversed.Assess()));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Vignette_sent_twice_counts_each_observation_once(string name)
    {
        var vignette = Vignettes.Named(name);
        var (once, _) = Ingest(vignette, vignette.Observations);
        var (twice, _) = Ingest(vignette, [.. vignette.Observations, .. vignette.Observations]);
        Assert.Equal(once.Count, twice.Count);
        Assert.Equal(Summary(once.Assess()), Summary(twice.Assess()));
    }

    internal static (PatientTimeline Timeline, List<string> Rejected) Ingest(Vignette vignette, IReadOnlyList<ObservationInput> observations)
    {
        var timeline = new PatientTimeline(new PatientProfile(vignette.InfusionAt, vignette.AgeYears));
        var rejected = new List<string>();
        var receivedAt = vignette.InfusionAt.AddDays(30);
        foreach (var input in observations)
        {
            var result = ObservationNormaliser.Default.Normalise(input, receivedAt, vignette.InfusionAt);
            if (result.IsAccepted) timeline.Add(result.Observation!);
            else if (!rejected.Contains(input.Id!)) rejected.Add(input.Id!);
        }

        return (timeline, rejected);
    }

    /// <summary>Everything an alert depends on, as one comparable value.</summary>
    internal static string Summary(PatientAssessment a) => string.Join(" | ",
        $"crs {a.Crs.Grade}/{a.Crs.MaxGrade} open={a.Crs.EpisodeOpen} onset={a.Crs.OnsetAt:O} masked={a.Crs.FeverMasked} possible={a.Crs.PossibleMaskedCrs} episodes={a.Crs.Episodes.Count} reason={a.Crs.Reason} max={string.Join(",", a.Crs.MaxGradeReadings.Select(r => r.ObservationId))}",
        $"icans {a.Icans.Grade}/{a.Icans.MaxGrade} reason={a.Icans.Reason}",
        $"fn {a.FebrileNeutropenia.Active}/{a.FebrileNeutropenia.Met} at={a.FebrileNeutropenia.FirstMetAt:O} arm={a.FebrileNeutropenia.Arm} reason={a.FebrileNeutropenia.Reason}",
        $"news2 {a.News2.Total} {a.News2.Band} partial={a.News2.PartialTotal} reason={a.News2.Reason}",
        $"qsofa {a.Qsofa.Score} flag={a.Qsofa.Flag}",
        $"icaht {a.Icaht.Grade}",
        $"iechs {a.IecHs.Suspected} {a.IecHs.Grade}",
        $"missing {a.MissingData.VitalSignsOverdue}");
}
