using System.Globalization;
using TrialMonitor.Contracts.Safety;
using TrialMonitor.Safety.Report;

namespace TrialMonitor.Grains.Safety;

/// <summary>Which stopping rules newly crossed: one signal per crossing, none while a boundary stays crossed.</summary>
public static class SafetySignals
{
    /// <summary>Updates <paramref name="state"/> from the live report and returns the signals to raise.</summary>
    public static IReadOnlyList<SafetySignal> Evaluate(SafetyReport report, TrialSafetyState state, SafetySignalOptions options, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(options);
        var raised = new List<SafetySignal>();
        foreach (var rule in report.StoppingRules)
        {
            if (!rule.Crossed)
            {
                // Back below the boundary (more evaluable patients without events): a later crossing is a new one.
                state.Crossed.Remove(rule.Endpoint);
                continue;
            }

            if (!state.Crossed.Add(rule.Endpoint)) continue;
            var crossing = state.Crossings.GetValueOrDefault(rule.Endpoint) + 1;
            state.Crossings[rule.Endpoint] = crossing;
            var signal = new SafetySignal
            {
                SignalId = $"{report.TrialId}~{SafetySignalKinds.SafetySignal}~{rule.Endpoint}~{crossing}",
                TrialId = report.TrialId, Kind = SafetySignalKinds.SafetySignal, Endpoint = rule.Endpoint, Severity = options.Severity,
                RaisedAt = now, AsOf = report.DataCut.AsOf, EvaluablePatients = rule.EvaluablePatients, Events = rule.Events,
                Benchmark = rule.Benchmark, PosteriorProbability = rule.PosteriorProbability, Threshold = rule.Threshold,
                StopAtEvents = rule.StopAtEvents, SprtDecision = rule.Sprt.Decision, NotifiedRoles = options.NotifyRoles,
                Reason = string.Create(CultureInfo.InvariantCulture,
                    $"{rule.Endpoint}: {rule.Events} of {rule.EvaluablePatients} evaluable patients; P(rate > {rule.Benchmark:0.###}) = {rule.PosteriorProbability:0.000} ≥ {rule.Threshold:0.00} (stop at ≥ {rule.StopAtEvents}); SPRT {rule.Sprt.Decision}"),
            };
            state.Signals.Add(signal);
            raised.Add(signal);
        }

        return raised;
    }
}
