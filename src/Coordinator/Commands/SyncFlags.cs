using System.Globalization;
using FluxMirror.Coordinator.Cli;
using FluxMirror.Domain.GoCompat;
using FluxMirror.Domain.Mirroring;
using FluxMirror.Domain.Reporting;
using FluxMirror.Protocol.Limits;

namespace FluxMirror.Coordinator.Commands;

/// <summary>
/// The <c>sync</c> flags, with the reference's names, shorthands, help texts and defaults. A default the job also
/// knows is taken from where the job defines it, written as Go prints it, so help and behaviour cannot disagree.
/// </summary>
public static class SyncFlags
{
    public static readonly Flag Output = new("output", 'o', FlagKind.String, "text", "Output format: text, yaml or json. text is human-friendly; yaml and json print the structured sync report to stdout.", "text|yaml|json") { Values = ["text", "yaml", "json"] };
    public static readonly Flag Concurrency = new("concurrency", null, FlagKind.Int, Text(JobOptions.DefaultConcurrency), "Maximum number of copy operations to run in parallel per job. Must be greater than 0.", "N");
    public static readonly Flag Retries = new("retries", null, FlagKind.Int, Text(JobOptions.DefaultRetries), "Maximum number of retry attempts per job, within the --timeout budget. Must be greater than or equal to 0.", "N");
    public static readonly Flag Timeout = new("timeout", null, FlagKind.Duration, GoDuration.Format(JobOptions.DefaultTagCopyTimeout), "Per-job total budget covering all retry attempts. Must be greater than 0.", "DURATION");
    public static readonly Flag Overwrite = new("overwrite", null, FlagKind.Bool, "false", "Force overwrite: true on every entry, regardless of per-entry config.");
    public static readonly Flag DriftExitCode = new("drift-exit-code", null, FlagKind.Int, Text(ReportSummary.DriftExitCode), "Exit code to use when drift is detected without failures (0-255). Set to 0 for immutable destinations that should not fail CI on drift.", "N");
    public static readonly Flag DryRun = new("dry-run", null, FlagKind.Bool, "false", "Run the plan and comparison pipeline without performing any writes.");
    public static readonly Flag Verbose = new("verbose", null, FlagKind.Bool, "false", "Log every operation and the involved digests on stderr. Suppresses the spinner.");
    public static readonly Flag NoProgress = new("no-progress", null, FlagKind.Bool, "false", "Disable the live progress spinner. Per-job lines and the summary still print.");
    public static readonly Flag Insecure = new("insecure", null, FlagKind.Bool, "false", "Allow plaintext HTTP and skip TLS verification. Test/dev only.");

    public static readonly Flag StateDir = new("state-dir", null, FlagKind.String, "", "Directory of the embedded node's job journal (default $FLUX_MIRROR_STATE_DIR, else ~/.local/state/flux-mirror). Not with --cluster.", "DIR") { ValueCompletion = ShellCompDirective.FilterDirs };
    public static readonly Flag MaxRequestsPerHost = new("max-requests-per-host", null, FlagKind.Int, Text(HostLimits.DefaultMaxRequestsPerHost), "Requests in flight per registry host for the whole job (embedded node; cluster workers read FLUX_MIRROR_MAX_REQUESTS_PER_HOST). Per-host overrides: FLUX_MIRROR_HOST_LIMITS=host=N[/R],...", "N");
    public static readonly Flag RequestsPerSecondPerHost = new("requests-per-second-per-host", null, FlagKind.String, "", "Requests per second per registry host for the whole job, e.g. 1.5; 0 = no limit (embedded node; cluster workers read FLUX_MIRROR_REQUESTS_PER_SECOND_PER_HOST and share one limit per host across the cluster).", "R");
    public static readonly Flag Fresh = new("fresh", null, FlagKind.Bool, "false", "Start a new job even if an unfinished job of the same config can be resumed.");

    public static IReadOnlyList<Flag> All { get; } =
        [Output, Concurrency, Retries, Timeout, Overwrite, DriftExitCode, DryRun, Verbose, NoProgress, Insecure, StateDir, Fresh, MaxRequestsPerHost, RequestsPerSecondPerHost, .. SigstoreFlags.All, GlobalFlags.NoEnvSubst];

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
