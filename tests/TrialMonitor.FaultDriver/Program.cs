using TrialMonitor.FaultDriver;

// The client half of tests/fault/run: one phase per invocation, against servers the script started. Prints counts
// and a closing "PHASE <name> key=value ..." line; exit 0 when every invariant of the phase holds.
var token = Environment.GetEnvironmentVariable("TRIALMONITOR_TOKEN");
if (string.IsNullOrEmpty(token))
{
    Console.Error.WriteLine("fault driver: TRIALMONITOR_TOKEN (a device and clinician token of every center) is required");
    return 64;
}

DriverOptions options;
try
{
    options = DriverOptions.Parse(args);
}
catch (Exception exception) when (exception is ArgumentException or FormatException)
{
    Console.Error.WriteLine($"fault driver: {exception.Message}");
    return 64;
}

return options.Phase == "overload"
    ? await new OverloadPhase(options, token).RunAsync()
    : await new IngestPhase(options, token).RunAsync();
