namespace TrialMonitor.Clinical.Observations;

/// <summary>
/// An accepted observation in canonical form. Instances are immutable and shared by every result that
/// cites them, so a grade can name the readings that set it without copying.
/// </summary>
/// <remarks>
/// A patient keeps every observation for weeks, so the layout is kept to 88 bytes: the effective time as UTC ticks
/// and an offset in minutes rather than a padded <see cref="DateTimeOffset"/>, the concept and the small enums as
/// narrow fields, and what few observations carry (a value sent in another unit than the canonical one, quality
/// flags) in a side object that most never allocate (retained-memory figures in bench/README).
/// </remarks>
public sealed class Observation
{
    private readonly long _utcTicks;
    private readonly short _offsetMinutes;
    private readonly ushort _concept;
    private readonly decimal _quantity;
    // Set during initialisation only (init accessors may run in any order), never after.
    private Uncommon? _uncommon;
    private bool _reportedIsQuantity;

    public required string Id { get; init; }

    /// <summary>The code as sent (LOINC or the contract's <c>tm:</c> codes).</summary>
    public required string Code { get; init; }

    public required Parameter Parameter { get; init; }

    public required DateTimeOffset EffectiveAt
    {
        get => new(_utcTicks + _offsetMinutes * TimeSpan.TicksPerMinute, TimeSpan.FromMinutes(_offsetMinutes));
        init
        {
            _utcTicks = value.UtcTicks;
            _offsetMinutes = checked((short)value.TotalOffsetMinutes);
        }
    }

    /// <summary>The numeric value in the code's canonical unit (quantities and scores).</summary>
    public decimal Quantity
    {
        get => _quantity;
        init
        {
            // A reported value set earlier as equal to the old quantity keeps that value, not the new one.
            if (_reportedIsQuantity && !Identical(value, _quantity))
            {
                UncommonParts.ReportedQuantity = _quantity;
                _reportedIsQuantity = false;
            }

            _quantity = value;
        }
    }

    /// <summary>The value as sent and the unit it was sent in, for display and audit (the quantity itself unless set otherwise).</summary>
    public decimal ReportedQuantity
    {
        get => _uncommon?.ReportedQuantity ?? _quantity;
        init
        {
            // Identical to the canonical value (sent in the canonical unit): nothing more to keep.
            _reportedIsQuantity = Identical(value, _quantity);
            if (!_reportedIsQuantity) UncommonParts.ReportedQuantity = value;
            else if (_uncommon is { } uncommon) uncommon.ReportedQuantity = null;
        }
    }

    public string? ReportedUnit { get; init; }

    /// <summary>For coded observations: the member of the value set (cast to its enum); for vasopressors the flag set; for booleans 0 or 1.</summary>
    public int Concept
    {
        get => _concept;
        init => _concept = value is >= 0 and <= ushort.MaxValue
            ? (ushort)value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "a concept is a small enum member or flag set");
    }

    /// <summary>The coded value as sent ("nasal-cannula", "tocilizumab").</summary>
    public string? ConceptName { get; init; }

    public MedicationClass MedicationClasses { get; init; }

    public TemperatureSite TemperatureSite { get; init; }

    public IReadOnlyList<QualityFlag> Flags
    {
        get => _uncommon?.Flags ?? [];
        init
        {
            if (value.Count > 0) UncommonParts.Flags = value;
            else if (_uncommon is { } uncommon) uncommon.Flags = null;
        }
    }

    /// <summary>The total order every evaluation uses: effective time, then parameter, then id. It makes results independent of arrival order.</summary>
    internal long Ticks => _utcTicks;

    public OxygenDevice Device => (OxygenDevice)Concept;

    public Vasopressor Vasopressors => (Vasopressor)Concept;

    public Arousal Arousal => (Arousal)Concept;

    public Acvpu Acvpu => (Acvpu)Concept;

    public Seizure Seizure => (Seizure)Concept;

    public CerebralEdema CerebralEdema => (CerebralEdema)Concept;

    public Bleeding Bleeding => (Bleeding)Concept;

    public bool IsTrue => Concept != 0;

    public override string ToString() => $"{Id} {Code} @{EffectiveAt:O}";

    private Uncommon UncommonParts => _uncommon ??= new Uncommon();

    // The same number written the same way: 38.5 and 38.50 are equal decimals but are shown differently.
    private static bool Identical(decimal a, decimal b) => a == b && a.Scale == b.Scale;

    private sealed class Uncommon
    {
        public decimal? ReportedQuantity;
        public IReadOnlyList<QualityFlag>? Flags;
    }
}

internal sealed class ObservationOrder : IComparer<Observation>
{
    public static readonly ObservationOrder Instance = new();

    public int Compare(Observation? x, Observation? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        var byTime = x.Ticks.CompareTo(y.Ticks);
        if (byTime != 0) return byTime;
        // As integers: Enum.CompareTo takes an object and would box both sides on every comparison.
        var byParameter = ((int)x.Parameter).CompareTo((int)y.Parameter);
        return byParameter != 0 ? byParameter : string.CompareOrdinal(x.Id, y.Id);
    }
}
