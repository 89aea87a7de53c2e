using System.Globalization;
using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.Bench.LargeJob;

/// <summary>
/// What the job left in PostgreSQL, read with psql: journal rows and message bytes per event kind (serializer
/// manifest), and the on-disk size of every table with its indexes (snapshots included).
/// </summary>
internal sealed record JournalFigures(IReadOnlyList<(string Manifest, long Rows, long PayloadBytes)> Events, IReadOnlyList<(string Table, long Rows, long DiskBytes)> Tables)
{
    public long Rows => Events.Sum(e => e.Rows);

    public long PayloadBytes => Events.Sum(e => e.PayloadBytes);

    public long DiskBytes => Tables.Sum(t => t.DiskBytes);

    public static async Task<JournalFigures> ReadAsync(PostgresProcess postgres, CancellationToken ct)
    {
        // The serialized event's column, by type rather than by name: the name is the persistence plugin's choice.
        var payload = (await postgres.PsqlAsync(
            "select column_name from information_schema.columns where table_name = 'journal' and data_type = 'bytea' limit 1", ct)).Trim();
        var events = await postgres.PsqlAsync(
            $"select manifest, count(*), coalesce(sum(length({payload})), 0) from journal group by manifest order by 3 desc", ct);
        // Statistics lag a little; analyze makes n_live_tup exact enough for a row count.
        await postgres.PsqlAsync("analyze", ct);
        var tables = await postgres.PsqlAsync(
            "select relname, n_live_tup, pg_total_relation_size(relid) from pg_stat_user_tables order by 3 desc", ct);
        return new JournalFigures(
            [.. Lines(events).Select(f => (f[0], Long(f[1]), Long(f[2])))],
            [.. Lines(tables).Select(f => (f[0], Long(f[1]), Long(f[2])))]);
    }

    // psql -tA: one row a line, fields separated by '|'.
    private static IEnumerable<string[]> Lines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(l => l.Split('|'));

    private static long Long(string text) => long.Parse(text, CultureInfo.InvariantCulture);
}
