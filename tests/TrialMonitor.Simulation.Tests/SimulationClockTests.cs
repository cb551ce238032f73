using TrialMonitor.Simulation.Generation;
using TrialMonitor.Simulation.Tests.Support;

namespace TrialMonitor.Simulation.Tests;

public sealed class SimulationClockTests
{
    private static readonly DateTimeOffset RealStart = new(2026, 3, 2, 9, 41, 17, TimeSpan.Zero);

    [Fact]
    public void The_trial_starts_at_the_utc_midnight_history_days_before_now()
    {
        var start = SimulatedTrial.StartFor(new DateTimeOffset(2026, 3, 2, 0, 30, 0, TimeSpan.FromHours(1)), 14);

        Assert.Equal(new DateTimeOffset(2026, 2, 15, 0, 0, 0, TimeSpan.Zero), start);
    }

    [Fact]
    public void The_clock_runs_accelerated_until_it_catches_up_then_in_real_time()
    {
        var time = new ManualTimeProvider(RealStart);
        var trialStart = SimulatedTrial.StartFor(RealStart, 14);
        var clock = new SimulationClock(trialStart, 600, time);

        Assert.Equal(trialStart, clock.Now);
        time.Advance(TimeSpan.FromSeconds(100));
        Assert.Equal(trialStart.AddSeconds(60_000), clock.Now);
        Assert.False(clock.CaughtUp);

        var catchUp = (RealStart - trialStart) / 599;
        time.Advance(catchUp);
        Assert.True(clock.CaughtUp);
        Assert.Equal(time.GetUtcNow(), clock.Now);
        time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(time.GetUtcNow(), clock.Now);
    }

    [Fact]
    public void No_released_observation_is_ever_timed_after_the_simulated_now_nor_the_real_now()
    {
        var time = new ManualTimeProvider(RealStart);
        var options = new SimulationOptions { Centers = ["FR-BDX", "FR-NTE"], PatientsPerCenter = 2 };
        var trial = SimulatedTrial.Generate(options, SimulatedTrial.StartFor(RealStart, options.HistoryDays));
        var clock = new SimulationClock(trial.TrialStart, options.Acceleration, time);
        var schedule = new ObservationSchedule(trial.Observations);
        var released = new List<Api.WireObservation>();
        var steps = new Random(3);

        while (!schedule.Completed)
        {
            var now = clock.Now;
            Assert.True(now <= time.GetUtcNow());
            for (var batch = schedule.TakeDue(now, 500); batch.Count > 0; batch = schedule.TakeDue(now, 500))
            {
                Assert.InRange(batch.Count, 1, 500);
                Assert.All(batch, o => Assert.True(o.EffectiveAt <= now, $"{o.EffectiveAt:O} released at {now:O}"));
                released.AddRange(batch);
            }

            time.Advance(TimeSpan.FromSeconds(steps.Next(1, 3_600)));
        }

        Assert.Equal(trial.Observations.Select(o => o.Id), released.Select(o => o.Id));
        Assert.True(released.Last().EffectiveAt > RealStart, "the trial goes on after the simulation catches up");
    }
}
