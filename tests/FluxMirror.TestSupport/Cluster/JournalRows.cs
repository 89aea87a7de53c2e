using System.Globalization;
using FluxMirror.Protocol.Messages;
using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.TestSupport.Cluster;

/// <summary>Reads the PostgreSQL journal directly, to check what was recorded (and that nothing was recorded twice).</summary>
public static class JournalRows
{
    /// <summary>The serializer manifest of a journaled final tag row.</summary>
    public const string TagRowFinished = "trf";

    public static async Task<int> CountAsync(PostgresProcess postgres, string persistenceId, string manifest, CancellationToken ct)
    {
        var text = await postgres.PsqlAsync(
            $"select count(*) from journal where persistence_id = '{persistenceId}' and manifest = '{manifest}' and not deleted", ct);
        return int.Parse(text.Trim(), CultureInfo.InvariantCulture);
    }

    /// <summary>Rows of every persistence id that starts with <paramref name="prefix"/> (a SQL <c>like</c> prefix).</summary>
    public static async Task<int> CountUnderAsync(PostgresProcess postgres, string prefix, CancellationToken ct)
    {
        var text = await postgres.PsqlAsync($"select count(*) from journal where persistence_id like '{prefix}%'", ct);
        return int.Parse(text.Trim(), CultureInfo.InvariantCulture);
    }
}
