using System.Reflection;

namespace TrialMonitor.Persistence;

/// <summary>The SQL files embedded in this assembly (Sql/**).</summary>
internal static class SqlScripts
{
    public static string Read(string relativePath)
    {
        var name = "TrialMonitor.Persistence.Sql." + relativePath.Replace('/', '.');
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"embedded SQL script {name} is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
