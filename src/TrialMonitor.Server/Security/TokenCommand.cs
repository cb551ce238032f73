namespace TrialMonitor.Server.Security;

/// <summary>
/// <c>TrialMonitor.Server token --role ROLE [--role ROLE…] [--center CENTER…] [--user NAME] [--hours H]</c>: prints a
/// bearer token signed with this configuration's key (alone on its last line), for a server with the same key —
/// by default the development key, which only a Development server accepts.
/// </summary>
public static class TokenCommand
{
    private static readonly string[] CenterBound = [TrialMonitorRoles.Clinician, TrialMonitorRoles.Investigator, TrialMonitorRoles.DataManager, TrialMonitorRoles.Device];

    /// <returns>The process exit code: 0, or 2 with the reason on standard error.</returns>
    public static int Run(IReadOnlyList<string> args, AuthOptions options, TextWriter output, TextWriter error, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var roles = new List<string>();
        var centers = new List<string>();
        string? user = null;
        var hours = 12.0;
        for (var i = 0; i < args.Count; i++)
        {
            var value = i + 1 < args.Count ? args[i + 1] : null;
            switch (args[i])
            {
                case "--role" when value is not null: roles.Add(value); i++; break;
                case "--center" when value is not null: centers.Add(value); i++; break;
                case "--user" when value is not null: user = value; i++; break;
                case "--hours" when value is not null && double.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out hours) && hours is > 0 and <= 24 * 30: i++; break;
                case var other when other.StartsWith("--", StringComparison.Ordinal) && other.Contains(':', StringComparison.Ordinal): break; // configuration, read by the caller
                default:
                    error.WriteLine($"token: '{args[i]}' is not understood; usage: token --role ROLE [--center CENTER] [--user NAME] [--hours H (≤ 720)]");
                    return 2;
            }
        }

        if (roles.Count == 0 || roles.FirstOrDefault(r => !TrialMonitorRoles.All.Contains(r)) is { } unknown && unknown is not null)
        {
            error.WriteLine($"token: --role is required, one of {string.Join(", ", TrialMonitorRoles.All)}");
            return 2;
        }

        if (centers.Count == 0 && roles.Any(CenterBound.Contains))
        {
            error.WriteLine($"token: --center is required for {string.Join(", ", roles.Where(CenterBound.Contains))} ('*' for every center)");
            return 2;
        }

        if (options.Authority is not null)
        {
            error.WriteLine("token: Auth:Authority is set, so tokens come from that identity provider, not from this command");
            return 2;
        }

        user ??= $"dev-{roles[0]}";
        var token = DevelopmentTokens.Create(options, user, roles, centers, TimeSpan.FromHours(hours), now);
        output.WriteLine($"# {user}: {string.Join(", ", roles)} at {(centers.Count == 0 ? "no center" : string.Join(", ", centers))}, valid {hours:0.#} h{(options.UsesDevelopmentKey ? ", development key (Development servers only)" : "")}");
        output.WriteLine(token);
        return 0;
    }
}
