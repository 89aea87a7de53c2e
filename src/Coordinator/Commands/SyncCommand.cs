using System.Diagnostics;
using FluxMirror.Actors.Jobs;
using FluxMirror.Coordinator.ApiClient;
using FluxMirror.Coordinator.Cli;
using FluxMirror.Coordinator.Embedded;
using FluxMirror.Coordinator.Output;
using FluxMirror.Domain.Reporting;

namespace FluxMirror.Coordinator.Commands;

/// <summary><c>flux-mirror sync [CONFIG|-]</c>: load and validate the config, run the job, print and exit like the reference.</summary>
public static class SyncCommand
{
    public static CommandSpec Spec(CliConsole console) => new(
        "sync",
        "sync [CONFIG|-] [flags]",
        "Mirror OCI artifacts and Helm charts as declared in a config",
        "Mirror OCI artifacts between registries and re-publish HTTP Helm charts as OCI charts, as declared in a\n" +
        "mirror.plugin.fluxcd.io/v1beta1 Config. The config is the first argument ('-' reads stdin), else $FLUX_MIRROR_CONFIG.",
        [.. SyncFlags.All, ClusterSync.ClusterFlag, ClusterSync.ReconnectTimeoutFlag, ClusterSync.ApiTokenFileFlag],
        1,
        (args, ct) => RunAsync(args, console, ct));

    private static async Task<int> RunAsync(ParsedArgs args, CliConsole console, CancellationToken ct)
    {
        var wall = Stopwatch.StartNew();
        var settings = SyncSettings.From(args);
        var clusterUrl = args.String(ClusterSync.ClusterFlag.Name);
        var reconnectFor = ClusterSync.ReconnectTimeout(args, cluster: clusterUrl.Length > 0);
        var apiToken = ClusterSync.ApiToken(args, cluster: clusterUrl.Length > 0);
        var retention = clusterUrl.Length == 0 ? EmbeddedRetention() : (TimeSpan?)null;
        // --cluster sends the config text itself, so stdin is read once here and reused for validation.
        var stdinText = clusterUrl.Length > 0 && (settings.ConfigArgument ?? Environment.GetEnvironmentVariable(ConfigResolver.EnvironmentVariable)) == "-"
            ? ClusterSync.BufferStdin(console.OpenStdin())
            : null;
        var loaded = ConfigResolver.LoadForSync(settings.ConfigArgument, settings.NoEnvSubst, stdinText is null ? console.OpenStdin : () => new MemoryStream(stdinText), submitted: clusterUrl.Length > 0);
        var config = loaded.Config;

        IMirrorLog log = settings.Verbose ? new StderrMirrorLog(console.Stderr) : NullMirrorLog.Instance;
        var textMode = settings.Output == OutputFormat.Text;
        using var spinner = textMode && !settings.Verbose && !settings.NoProgress && console.StderrIsTerminal ? new ProgressSpinner(console.Stderr) : null;
        IJobObserver observer = !textMode ? new SilentObserver()
            : settings.Verbose ? new VerboseObserver(log)
            : new TextObserver(console.Stdout, spinner);

        var job = settings.Job;
        log.Write("sync started", ("entries", config is null ? "counted on the nodes" : config.Artifacts.Count + config.Charts.Count), ("concurrency", job.Concurrency), ("retries", job.Retries), ("timeout", job.Timeout));
        SyncRequest EmbeddedRequest()
        {
            // Only a cluster submission leaves validation to the nodes; an embedded run always has its config here.
            var runnable = config ?? throw new InvalidOperationException("an embedded run without a loaded config");
            // A job is the same job only with the same config text and the same flags that shape it.
            var (stateDirectory, stateDirectoryNamed) = StateStore.Resolve(settings.StateDir);
            return new SyncRequest(runnable, loaded.TextDigest + job.IdentitySuffix, loaded.Source, job, settings.Fresh, stateDirectory, settings.HostLimits, stateDirectoryNamed, JobRetention: retention);
        }

        var report = clusterUrl.Length == 0
            ? await EmbeddedSyncEngine.RunAsync(EmbeddedRequest(), log, observer, console.Stderr, spinner, ct)
            : await ClusterSync.RunAsync(clusterUrl, ClusterSync.Request(stdinText ?? await File.ReadAllBytesAsync(loaded.Source, ct), loaded.Source, job, settings.NoEnvSubst, settings.Fresh), observer, console.Stderr, reconnectFor, ct, apiToken: apiToken);
        spinner?.Dispose();

        var s = report.Summary;
        switch (settings.Output)
        {
            case OutputFormat.Json:
                await console.Stdout.WriteAsync(JsonReportWriter.Render(report));
                break;
            case OutputFormat.Yaml:
                await console.Stdout.WriteAsync(YamlReportWriter.Render(report));
                break;
            case OutputFormat.Text when settings.Verbose:
                log.Write("sync complete", ("entries", s.Entries), ("copied", s.Copied), ("overwritten", s.Overwritten), ("skipped", s.Skipped), ("drifted", s.Drifted), ("would-copy", s.WouldCopy), ("would-overwrite", s.WouldOverwrite), ("failed", s.Failed), ("duration", wall.Elapsed));
                break;
            default:
                await console.Stdout.WriteLineAsync(SummaryLine.Format(s, wall.Elapsed));
                break;
        }

        await console.Stdout.FlushAsync(ct);
        return s.ExitCode == ReportSummary.DriftExitCode ? settings.DriftExitCode : s.ExitCode;
    }

    // The embedded run's journal keeps finished jobs this long (the nodes read the same variable for the cluster's).
    private static TimeSpan EmbeddedRetention()
    {
        try
        {
            return JobIndexActor.RetentionFrom(Environment.GetEnvironmentVariable);
        }
        catch (ArgumentException ex)
        {
            throw new CliException(ex.Message);
        }
    }
}
