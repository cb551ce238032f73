namespace TrialMonitor.Clinical.Observations;

public enum RejectionKind
{
    MissingField,
    UnknownCode,
    WrongValueType,
    UnitMissing,
    UnitNotValidForCode,
    OutsideHardLimits,
    NotAnInteger,
    NotInValueSet,
    EffectiveAtInFuture,
    EffectiveAtTooEarly,
}

/// <summary>Why an observation was refused: the field at fault and a sentence a person can act on.</summary>
public sealed record ObservationRejection(RejectionKind Kind, string Field, string Message)
{
    public override string ToString() => Message;
}
