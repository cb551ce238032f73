using TrialMonitor.Clinical.Observations;
using TrialMonitor.Clinical.Readings;

namespace TrialMonitor.Clinical.Rules.FebrileNeutropenia;

/// <summary>
/// qSOFA (Sepsis-3, Singer et al., JAMA 2016;315:801): one point each for RR ≥ 22/min, altered mentation
/// and SBP ≤ 100 mmHg. Used only as an extra flag during febrile episodes (rules.md 3.4 [P]).
/// </summary>
public static class QsofaScoring
{
    public static QsofaAssessment Score(
        Observation? respiratoryRate, Observation? systolic, Observation? glasgow, Observation? acvpu, bool febrile, FebrileNeutropeniaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var score = 0;
        var assessed = 0;
        var readings = new List<Observation>(3);
        if (respiratoryRate is not null)
        {
            assessed++;
            if (respiratoryRate.Quantity >= options.QsofaRespiratoryRateAtOrAbove) Count(respiratoryRate);
        }

        var mentation = glasgow ?? acvpu;
        if (mentation is not null)
        {
            assessed++;
            var altered = mentation == glasgow ? glasgow.Quantity < options.QsofaGlasgowBelow : acvpu!.Acvpu != Acvpu.Alert;
            if (altered) Count(mentation);
        }

        if (systolic is not null)
        {
            assessed++;
            if (systolic.Quantity <= options.QsofaSystolicAtOrBelow) Count(systolic);
        }

        return new QsofaAssessment
        {
            Score = score,
            CriteriaAssessed = assessed,
            Febrile = febrile,
            Flag = febrile && score >= options.QsofaFlagAtOrAbove,
            Readings = readings.Select(Reading.From).ToArray(),
        };

        void Count(Observation observation)
        {
            score++;
            readings.Add(observation);
        }
    }
}
