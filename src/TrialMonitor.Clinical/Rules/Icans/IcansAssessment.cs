using TrialMonitor.Clinical.Readings;

namespace TrialMonitor.Clinical.Rules.Icans;

public sealed record IcansAssessment
{
    public int Grade { get; init; }

    public int MaxGrade { get; init; }

    public DateTimeOffset? MaxGradeAt { get; init; }

    /// <summary>The first graded instant since infusion.</summary>
    public DateTimeOffset? OnsetAt { get; init; }

    /// <summary>The first ungraded instant after the last graded one; null while graded or before any onset.</summary>
    public DateTimeOffset? ResolvedAt { get; init; }

    /// <summary>"ICE" for patients of 12 and over, "CAPD" for younger children (rules.md 2.3).</summary>
    public string EncephalopathyTool { get; init; } = "ICE";

    /// <summary>Not attributable to another cause is a clinical judgement the engine cannot make.</summary>
    public bool Provisional { get; init; } = true;

    public IReadOnlyList<Reading> Readings { get; init; } = [];

    public IReadOnlyList<Reading> MaxGradeReadings { get; init; } = [];

    public string Reason => ReadingText.Compose(Readings);
}
