using FluxMirror.Coordinator.Cli;
using FluxMirror.Domain.Mirroring;
using FluxMirror.Protocol.Limits;

namespace FluxMirror.Coordinator.Commands;

public enum OutputFormat
{
    Text,
    Yaml,
    Json,
}

/// <summary>Validated <c>sync</c> flags: the job's options plus how to present it.</summary>
public sealed record SyncSettings(JobOptions Job, OutputFormat Output, int DriftExitCode, bool Verbose, bool NoProgress, bool NoEnvSubst, string? ConfigArgument, string? StateDir = null, bool Fresh = false, HostLimits? HostLimits = null)
{
    /// <summary>
    /// Flags a cluster run would silently ignore, and why: the cluster keeps its jobs in PostgreSQL and its workers
    /// take their request limits from their own environment. Every other flag is honoured with --cluster.
    /// </summary>
    public static IReadOnlyList<(Flag Flag, string Reason)> IgnoredByCluster { get; } =
    [
        (SyncFlags.StateDir, "the cluster journals its jobs in its PostgreSQL database"),
        (SyncFlags.MaxRequestsPerHost, "the cluster's workers take FLUX_MIRROR_MAX_REQUESTS_PER_HOST from their environment"),
        (SyncFlags.RequestsPerSecondPerHost, "the cluster's workers take FLUX_MIRROR_REQUESTS_PER_SECOND_PER_HOST from their environment"),
    ];

    public static SyncSettings From(ParsedArgs args, Func<string, string?>? getEnv = null)
    {
        if (args.IsSet("cluster") && args.String("cluster").Length > 0
            && IgnoredByCluster.FirstOrDefault(f => args.IsSet(f.Flag.Name)) is { Flag: not null } ignored)
        {
            throw new CliException($"--{ignored.Flag.Name} cannot be used with --cluster: {ignored.Reason}");
        }

        var output = args.String("output") switch
        {
            "text" => OutputFormat.Text,
            "yaml" => OutputFormat.Yaml,
            "json" => OutputFormat.Json,
            "" => throw new CliException("invalid argument \"\" for \"-o, --output\" flag: no output format given, must be one of: text, yaml, json"),
            var other => throw new CliException($"invalid argument \"{other}\" for \"-o, --output\" flag: unsupported output format '{other}', must be one of: text, yaml, json"),
        };
        var sigstore = SigstoreFlags.Read(args, getEnv ?? Environment.GetEnvironmentVariable);
        var job = new JobOptions(args.Int("concurrency"), args.Int("retries"), args.Duration("timeout"), args.Bool("overwrite"), args.Bool("dry-run"), args.Bool("insecure"), sigstore);
        if (JobOptionsValidator.FirstError(job) is { } jobError)
        {
            throw new CliException(jobError);
        }

        var drift = args.Int("drift-exit-code");
        if (drift is < 0 or > 255)
        {
            throw new CliException("--drift-exit-code must be between 0 and 255");
        }

        var maxPerHost = args.Int("max-requests-per-host");
        if (maxPerHost < 1)
        {
            throw new CliException("--max-requests-per-host must be greater than 0");
        }

        var ratePerHost = RequestsPerSecondPerHost(args);
        var hostLimits = new HostLimits(maxPerHost, ratePerHost, HostOverrides(ratePerHost));

        var stateDir = args.String("state-dir");
        return new SyncSettings(job, output, drift, args.Bool("verbose"), args.Bool("no-progress"), args.Bool("no-envsubst"), (args.Positionals.Count > 0 ? args.Positionals[0] : null), stateDir.Length > 0 ? stateDir : null, args.Bool("fresh"), hostLimits);
    }

    private static double RequestsPerSecondPerHost(ParsedArgs args)
    {
        const string flag = "requests-per-second-per-host";
        var text = args.String(flag);
        if (text.Length == 0 && !args.IsSet(flag))
        {
            return 0;
        }

        if (!double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var rate) || !double.IsFinite(rate))
        {
            throw new CliException($"invalid argument \"{text}\" for \"--{flag}\" flag: strconv.ParseFloat: parsing \"{text}\": invalid syntax");
        }

        return rate switch
        {
            < 0 => throw new CliException($"--{flag} must be greater than or equal to 0"),
            > HostLimits.MaxRequestsPerSecond => throw new CliException($"--{flag} must be at most {HostLimits.MaxRequestsPerSecond:0}"),
            _ => rate,
        };
    }

    // Per-host overrides have no flag: the same FLUX_MIRROR_HOST_LIMITS the cluster workers read.
    private static IReadOnlyDictionary<string, HostLimit>? HostOverrides(double defaultRate)
    {
        try
        {
            return HostLimitsEnvironment.ReadOverrides(Environment.GetEnvironmentVariable, defaultRate);
        }
        catch (ArgumentException ex)
        {
            throw new CliException(ex.Message);
        }
    }
}
