using FluxMirror.Actors.Nodes;
using Npgsql;

namespace FluxMirror.Tests.Unit.Actors.Nodes;

public sealed class JournalSessionLimitsTests
{
    [Fact]
    public void The_bound_is_added_to_the_sessions_options()
    {
        var applied = new NpgsqlConnectionStringBuilder(JournalSessionLimits.Apply("Host=db;Port=5432;Database=fm;Username=u;Password=secret"));

        Assert.Equal("-c idle_in_transaction_session_timeout=15000", applied.Options);
        Assert.Equal(("db", 5432, "fm", "secret"), (applied.Host, applied.Port, applied.Database, applied.Password));
    }

    [Fact]
    public void Options_the_operator_set_are_kept_and_the_bound_appended()
    {
        var applied = new NpgsqlConnectionStringBuilder(JournalSessionLimits.Apply("Host=db;Options=-c statement_timeout=30000"));

        Assert.Equal("-c statement_timeout=30000 -c idle_in_transaction_session_timeout=15000", applied.Options);
    }

    [Fact]
    public void An_operators_own_idle_in_transaction_timeout_wins()
    {
        const string Own = "Host=db;Options=-c idle_in_transaction_session_timeout=60000";

        Assert.Equal(Own, JournalSessionLimits.Apply(Own));
    }

    [Fact]
    public void A_string_npgsql_cannot_parse_is_left_for_the_preflight_to_report()
    {
        Assert.Equal("not a connection string", JournalSessionLimits.Apply("not a connection string"));
    }
}
