using System.Diagnostics;
using FluxMirror.Actors.Nodes;
using FluxMirror.TestSupport.Infrastructure;
using Npgsql;

namespace FluxMirror.Tests.Integration.Actors.Nodes;

/// <summary>
/// A node frozen between a journal INSERT and its COMMIT (SIGSTOP, a network cut) must not hold the rows it wrote
/// for longer than the bound: the coordinator that takes its job over writes the same keys. Real PostgreSQL 15.
/// </summary>
[Collection("Processes")]
public sealed class JournalSessionLimitsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_frozen_sessions_open_transaction_is_ended_so_the_next_writer_of_its_keys_goes_on()
    {
        await using var postgres = await PostgresProcess.StartAsync(Ct);
        await postgres.PsqlAsync("create table journal (persistence_id text, sequence_number bigint, primary key (persistence_id, sequence_number));", Ct);

        // The frozen node: its session was opened the way a node opens the journal's, then it stopped mid-transaction.
        var frozen = new NpgsqlConnection(JournalSessionLimits.Apply(postgres.ConnectionString));
        await frozen.OpenAsync(Ct);
        await using (var show = new NpgsqlCommand("show idle_in_transaction_session_timeout", frozen))
        {
            Assert.Equal("15s", await show.ExecuteScalarAsync(Ct));
        }

        var transaction = await frozen.BeginTransactionAsync(Ct);
        await using (var insert = new NpgsqlCommand("insert into journal values ('job-1', 32)", frozen, transaction))
        {
            await insert.ExecuteNonQueryAsync(Ct);
        }

        // The survivor writes the same key: it waits on the frozen transaction, then goes on once the server ends it.
        var waited = Stopwatch.StartNew();
        await using (var survivor = new NpgsqlConnection(postgres.ConnectionString))
        {
            await survivor.OpenAsync(Ct);
            await using var insert = new NpgsqlCommand("insert into journal values ('job-1', 32)", survivor) { CommandTimeout = 60 };
            Assert.Equal(1, await insert.ExecuteNonQueryAsync(Ct));
        }

        Assert.InRange(waited.Elapsed, JournalSessionLimits.IdleInTransaction - TimeSpan.FromSeconds(2), JournalSessionLimits.IdleInTransaction + TimeSpan.FromSeconds(30));
        Assert.Equal("1", await postgres.PsqlAsync("select count(*) from journal", Ct));
        // The frozen session is gone: whatever it sends when it wakes fails, and its write was rolled back.
        await using (var late = new NpgsqlCommand("select 1", frozen, transaction))
        {
            await Assert.ThrowsAnyAsync<Exception>(() => late.ExecuteScalarAsync(Ct));
        }

        await frozen.DisposeAsync();
    }
}
