using Akka.Hosting;
using Akka.Persistence.Sql.Hosting;
using FluxMirror.Actors.BlobLedger;
using FluxMirror.Actors.Jobs;
using FluxMirror.Actors.RateLimit;
using FluxMirror.Actors.TagCopy;
using FluxMirror.Protocol.Limits;
using FluxMirror.Protocol.Serialization;
using LinqToDB;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FluxMirror.Actors.Nodes;

/// <summary>
/// The embedded single node: the coordinator and worker actors in one local ActorSystem (no remoting, so it
/// starts and stops in well under a second), journaling to SQLite in the state directory.
/// </summary>
public static class EmbeddedNode
{
    /// <param name="jobRetention">How long finished jobs and their journals are kept; 7 days unless given.</param>
    public static IHost Build(string stateConnectionString, JobRuntimes runtimes, HostLimits? hostLimits = null, TimeSpan? jobRetention = null) =>
        new HostBuilder()
            .ConfigureServices(services => services.AddAkka("flux-mirror", builder => builder
                .ConfigureLoggers(logging =>
                {
                    logging.LogLevel = Akka.Event.LogLevel.WarningLevel;
                    logging.ClearLoggers();
                    logging.AddLogger<StderrAkkaLogger>();
                })
                .AddHocon("akka.log-dead-letters = off\nakka.log-dead-letters-during-shutdown = off\nakka.stdout-loglevel = OFF", HoconAddMode.Prepend)
                .AddMirrorSerialization()
                .WithSqlPersistence(stateConnectionString, ProviderName.SQLiteMS, autoInitialize: true)
                .AddJobIndex(jobRetention)
                .AddLocalHostLimiters(hostLimits ?? HostLimits.Default)
                .AddHostGate()
                .AddLocalBlobLedgers()
                .AddBlobLedgerClient()
                .AddLocalTagCopyRouter(runtimes)))
            .Build();
}
