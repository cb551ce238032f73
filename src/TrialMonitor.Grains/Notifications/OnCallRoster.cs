using TrialMonitor.Contracts.Notifications;

namespace TrialMonitor.Grains.Notifications;

/// <summary>Who holds the paged roles at a moment, from a center's on-call schedule.</summary>
public static class OnCallRoster
{
    /// <summary>Every holder of each role at <paramref name="at"/>; a role nobody holds is still listed, with no person, so the page says so.</summary>
    public static IReadOnlyList<OnCallRecipient> Resolve(IReadOnlyList<OnCallShift> shifts, IReadOnlyList<string> roles, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(shifts);
        ArgumentNullException.ThrowIfNull(roles);
        var recipients = new List<OnCallRecipient>(roles.Count);
        foreach (var role in roles)
        {
            var holders = shifts.Where(s => s.Role == role && s.From <= at && at < s.To).ToArray();
            if (holders.Length == 0) recipients.Add(new OnCallRecipient(role, null, null));
            else recipients.AddRange(holders.Select(h => new OnCallRecipient(role, h.Person, h.Contact)));
        }

        return recipients;
    }

    /// <summary>Null when the schedule is acceptable, otherwise what is wrong, naming the field of the shift.</summary>
    public static string? Problem(IReadOnlyList<OnCallShift> shifts, Func<string, bool> isKnownRole)
    {
        ArgumentNullException.ThrowIfNull(shifts);
        ArgumentNullException.ThrowIfNull(isKnownRole);
        for (var i = 0; i < shifts.Count; i++)
        {
            var shift = shifts[i];
            if (string.IsNullOrWhiteSpace(shift.Role) || !isKnownRole(shift.Role)) return $"shifts[{i}].role: '{shift.Role}' is not a known role";
            if (string.IsNullOrWhiteSpace(shift.Person) || shift.Person.Length > 200) return $"shifts[{i}].person: required, at most 200 characters";
            if (shift.Contact is { Length: > 200 }) return $"shifts[{i}].contact: at most 200 characters";
            if (shift.To <= shift.From) return $"shifts[{i}].to: must be after from";
        }

        return null;
    }
}
