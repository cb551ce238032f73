using System.Data.Common;
using TrialMonitor.Persistence;

namespace TrialMonitor.Server.Hosting;

/// <summary>
/// <c>TrialMonitor.Server audit-verify [--Storage:...]</c>: walks the audit chain of the configured store and reports
/// the first broken link. Reads only; configuration as for the <c>schema</c> command.
/// </summary>
public static class AuditVerifyCommand
{
    /// <summary>0: the chain is intact; 1: it is broken; 2: the audit log could not be read.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(args)
            .Build();
        var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        AuditVerification verification;
        try
        {
            verification = await VerifyAsync(storage, cancellationToken).ConfigureAwait(false);
        }
        catch (DbException exception)
        {
            await output.WriteLineAsync($"audit log could not be read ({storage.Provider}): {exception.Message}").ConfigureAwait(false);
            return 2;
        }

        if (verification.FirstBrokenLink is { } broken)
        {
            await output.WriteLineAsync($"audit chain broken at sequence {broken.Sequence}: {broken.Reason}").ConfigureAwait(false);
            return 1;
        }

        await output.WriteLineAsync($"audit chain intact: {verification.Verified} entries").ConfigureAwait(false);
        return 0;
    }

    private static async Task<AuditVerification> VerifyAsync(StorageOptions storage, CancellationToken cancellationToken)
    {
        var connectionString = storage.ResolveConnectionString();
        if (storage.Provider == StorageProvider.Postgres)
        {
            await using var dataSource = Npgsql.NpgsqlDataSource.Create(connectionString);
            return await new PostgresAuditLog(dataSource).VerifyAsync(cancellationToken).ConfigureAwait(false);
        }

        using var log = new SqliteAuditLog(connectionString);
        return await log.VerifyAsync(cancellationToken).ConfigureAwait(false);
    }
}
