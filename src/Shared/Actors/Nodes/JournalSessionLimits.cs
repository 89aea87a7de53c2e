using System.Globalization;
using Npgsql;

namespace FluxMirror.Actors.Nodes;

/// <summary>
/// Server-side bounds for the journal's PostgreSQL sessions. A node that is frozen or cut off between a journal
/// INSERT and its COMMIT leaves its transaction open, and with it the unique-index entries it wrote: the coordinator
/// that takes the job over then blocks on the same (persistence id, sequence number) until that session ends, which
/// without a bound is when TCP gives up, hours later. PostgreSQL's <c>idle_in_transaction_session_timeout</c> ends such
/// a session (and rolls its transaction back) after <see cref="IdleInTransaction"/>; a journal transaction is a batch
/// of inserts that takes milliseconds, and by then the split-brain resolver has long downed the silent node.
/// </summary>
public static class JournalSessionLimits
{
    public static readonly TimeSpan IdleInTransaction = TimeSpan.FromSeconds(15);

    private const string Setting = "idle_in_transaction_session_timeout";

    /// <summary>
    /// The connection string with the bound added to its <c>Options</c>, unless the operator set that setting there
    /// already. A string Npgsql cannot parse is returned as it is: the preflight reports it in one line.
    /// </summary>
    public static string Apply(string connectionString)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException)
        {
            return connectionString;
        }

        if (builder.Options?.Contains(Setting, StringComparison.OrdinalIgnoreCase) == true)
        {
            return connectionString;
        }

        var bound = $"-c {Setting}={((long)IdleInTransaction.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)}";
        builder.Options = string.IsNullOrWhiteSpace(builder.Options) ? bound : $"{builder.Options} {bound}";
        return builder.ConnectionString;
    }
}
