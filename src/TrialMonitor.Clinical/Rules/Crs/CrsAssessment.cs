using TrialMonitor.Clinical.Readings;

namespace TrialMonitor.Clinical.Rules.Crs;

/// <summary>One CRS episode: opened by a fever, closed by the resolution rule (rules.md 0.1, 1.2).</summary>
public sealed record CrsEpisode(int Number, DateTimeOffset OnsetAt, DateTimeOffset? ResolvedAt, int MaxGrade, DateTimeOffset? MaxGradeAt)
{
    public TimeSpan? Duration => ResolvedAt - OnsetAt;
}

/// <summary>
/// The CRS state of a patient. Every machine grade is provisional: the engine cannot exclude infection
/// or another cause (rules.md 1.3 R7).
/// </summary>
public sealed record CrsAssessment
{
    public int Grade { get; init; }

    /// <summary>The highest grade since infusion; safety tables use it (rules.md 1.3 R5).</summary>
    public int MaxGrade { get; init; }

    public DateTimeOffset? MaxGradeAt { get; init; }

    public bool EpisodeOpen { get; init; }

    public DateTimeOffset? OnsetAt { get; init; }

    /// <summary>The open episode is afebrile after a fever-masking drug: graded by hypotension and hypoxia, at least 1 (R3, R6).</summary>
    public bool FeverMasked { get; init; }

    /// <summary>Hypotension or hypoxia after a fever-masking drug but with no documented fever: for clinician review, not a grade (R3).</summary>
    public bool PossibleMaskedCrs { get; init; }

    public bool Provisional { get; init; } = true;

    public IReadOnlyList<CrsEpisode> Episodes { get; init; } = [];

    /// <summary>The readings that set the current grade (or the possible-masked-CRS flag).</summary>
    public IReadOnlyList<Reading> Readings { get; init; } = [];

    public IReadOnlyList<Reading> MaxGradeReadings { get; init; } = [];

    public string Reason => ReadingText.Compose(Readings);
}
