using Akka.Configuration;
using LinqToDB;
using LinqToDB.Data;

namespace FluxMirror.Actors.Jobs;

/// <summary>
/// Removes the rows Akka.Persistence.Sql leaves behind when a whole journal is deleted: it keeps the last event,
/// marked deleted, so that a persistence id never reuses a sequence number. A job's id is never reused, so once its
/// journal is deleted that row (and the event it still holds) serves nothing and goes too.
/// </summary>
internal static class JournalTombstones
{
    /// <summary>Deletes the rows marked deleted of <paramref name="persistenceIds"/> from the SQL journal this system
    /// uses; nothing when it uses none (an in-memory journal).</summary>
    public static async Task<int> PurgeAsync(Config config, IReadOnlyList<string> persistenceIds)
    {
        var sql = config.GetConfig("akka.persistence.journal.sql");
        var connectionString = sql?.GetString("connection-string");
        if (sql is null || string.IsNullOrEmpty(connectionString) || !UsesSqlJournal(config))
        {
            return 0;
        }

        var mapping = sql.GetString("table-mapping", "default");
        var journal = sql.GetConfig(mapping + ".journal");
        var schema = sql.GetString(mapping + ".schema-name");
        var table = (string.IsNullOrEmpty(schema) ? "" : Quote(schema) + ".") + Quote(journal.GetString("table-name", "journal"));
        var persistenceId = Quote(journal.GetString("columns.persistence-id", "persistence_id"));
        var deleted = Quote(journal.GetString("columns.deleted", "deleted"));

        await using var db = new DataConnection(new DataOptions().UseConnectionString(sql.GetString("provider-name"), connectionString));
        var removed = 0;
        foreach (var id in persistenceIds)
        {
            removed += await db.ExecuteAsync(
                $"DELETE FROM {table} WHERE {persistenceId} = @id AND {deleted} = @deleted",
                new DataParameter("id", id, DataType.NVarChar),
                new DataParameter("deleted", true, DataType.Boolean));
        }

        return removed;
    }

    private static bool UsesSqlJournal(Config config) =>
        config.GetString("akka.persistence.journal.plugin", "") == "akka.persistence.journal.sql";

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
