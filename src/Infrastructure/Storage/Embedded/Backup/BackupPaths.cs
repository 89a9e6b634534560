using System.Text.RegularExpressions;

namespace CleanEventStore.Infrastructure.Storage.Embedded.Backup;

/// <summary>The only entry names a backup archive may hold; restore refuses anything else (no absolute paths, no <c>..</c>, no links).</summary>
internal static partial class BackupPaths
{
    public static bool IsAllowed(string entryName) => AllowedEntry().IsMatch(entryName);

    public static bool IsConsumerFile(string fileName) => ConsumerFile().IsMatch(fileName);

    [GeneratedRegex(@"^(log/[0-9]{8}\.seg|index/(positions\.idx|memberships\.idx|catalog\.dat|checkpoint\.dat|idempotency\.dat)|consumers/[A-Za-z0-9_-]{1,200}(\.consumer|\.checkpoint\.[01]))\z", RegexOptions.CultureInvariant)]
    private static partial Regex AllowedEntry();

    [GeneratedRegex(@"^[A-Za-z0-9_-]{1,200}(\.consumer|\.checkpoint\.[01])\z", RegexOptions.CultureInvariant)]
    private static partial Regex ConsumerFile();
}
