using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

if (args is ["--retained", ..])
{
    // Not a BenchmarkDotNet run: one process, one measurement of what stays on the heap (bench/README).
    var patients = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1000;
    var days = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 7;
    TrialMonitor.Clinical.Bench.RetainedMemory.Run(patients, days);
    return;
}

// In-process by default: no generated project to build, so a run takes about a minute; pass --job to override.
var config = DefaultConfig.Instance
    .AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(3).WithIterationCount(15).AsDefault());
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
