using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.Tests.Integration.Infrastructure;

[Collection("Processes")]
public sealed class PostgresProcessTests
{
    [Fact]
    public async Task Starts_answers_select_1_and_keeps_data_across_restart()
    {
        var ct = TestContext.Current.CancellationToken;
        var postgres = await PostgresProcess.StartAsync(ct);
        var dataDirectory = postgres.DataDirectory;
        await using (postgres)
        {
            Assert.Contains($"Port={postgres.Port};", postgres.ConnectionString);
            var direct = await ProcessRunner.RunAsync(
                "psql", ["-h", "127.0.0.1", "-p", postgres.Port.ToString(), "-U", "postgres", "-d", "fluxmirror", "-tA", "-c", "select 1"], ct);
            Assert.Equal("1", direct.StandardOutput.Trim());
            await postgres.PsqlAsync("create table journal (id int); insert into journal values (42);", ct);

            await postgres.RestartAsync(ct);

            Assert.Equal("42", await postgres.PsqlAsync("select id from journal", ct));
            await postgres.StopAsync(ct);
            await Assert.ThrowsAsync<InvalidOperationException>(() => postgres.PsqlAsync("select 1", ct));
        }
        Assert.False(Directory.Exists(dataDirectory));
    }
}
