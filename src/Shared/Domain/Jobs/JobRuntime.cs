using FluxMirror.Domain.Charts;
using FluxMirror.Domain.Config;
using FluxMirror.Domain.Mirroring;
using FluxMirror.Domain.Mirroring.Blobs;
using FluxMirror.Domain.Reporting;
using FluxMirror.Domain.Signatures.Cosign;
using FluxMirror.Registry.Model;
using FluxMirror.Registry.Protocol;

namespace FluxMirror.Domain.Jobs;

/// <summary>
/// Everything one job needs to talk to registries, built once from its config and flags: the registry
/// client (auth, TLS, retries, host gate), the copier, and the planners and mirrors on top of them.
/// </summary>
public sealed class JobRuntime : IDisposable
{
    /// <param name="verifiers">Builds the signature verifier of an entry with <c>verify</c>; tests give their own.</param>
    public JobRuntime(MirrorConfig config, JobOptions options, IMirrorLog log, IHostRequestGate gate, IProgress<long>? bytes = null, Func<VerifySpec, ITagSignatureVerifier>? verifiers = null)
    {
        Config = config;
        Options = options;
        Log = log;
        Registry = new RegistryClient(new RegistryClientOptions
        {
            Insecure = options.Insecure,
            Hosts = HostSettingsFactory.FromConfig(config),
            Gate = gate,
            Log = log.Enabled ? line => log.Write(line) : null,
            BytesTransferred = bytes,
        });
        Copier = new ArtifactCopier(Registry);
        Planner = new ArtifactPlanner(Registry, log);
        Artifacts = new ArtifactTagMirror(Registry, Copier, log, options.BlobParallelism);
        Helm = new HelmRepositories(HelmRepositoryOptions.FromEnvironment());
        ChartPlanner = new ChartPlanner(Helm, log);
        Charts = new ChartTagMirror(Registry, Helm, log);
        _trustedRoot = new Lazy<ITrustedRootSource>(CreateTrustedRootSource);
        Verifiers = new EntrySignatureVerifiers(verifiers ?? CosignVerifier);
    }

    // TUF requests carry their own per-request bound (TufClient); this client only holds the connections.
    private readonly HttpClient _tufHttp = new();
    private readonly Lazy<ITrustedRootSource> _trustedRoot;

    public MirrorConfig Config { get; }

    public JobOptions Options { get; }

    public IMirrorLog Log { get; }

    public RegistryClient Registry { get; }

    public ArtifactCopier Copier { get; }

    public ArtifactPlanner Planner { get; }

    public ArtifactTagMirror Artifacts { get; }

    /// <summary>HTTP/S Helm repositories (auth from the ambient repositories.yaml), one index fetch per job.</summary>
    public HelmRepositories Helm { get; }

    public ChartPlanner ChartPlanner { get; }

    public ChartTagMirror Charts { get; }

    /// <summary>The signature verifiers of the entries with <c>verify</c>, built where the job is planned.</summary>
    public EntrySignatureVerifiers Verifiers { get; }

    public Task<TagAttemptResult> RunAttemptAsync(TagCopySpec copy, CancellationToken ct) => RunAttemptAsync(copy, NoBlobLedger.Instance, ct);

    /// <param name="ledger">Where the job's blobs already are; artifact copies consult it, chart pushes do not.</param>
    public Task<TagAttemptResult> RunAttemptAsync(TagCopySpec copy, IBlobLedger ledger, CancellationToken ct) => copy.Kind switch
    {
        EntryKind.Artifact => Artifacts.RunAttemptAsync(copy, ledger, ct),
        _ => Charts.RunAttemptAsync(copy, ct),
    };

    private ITagSignatureVerifier CosignVerifier(VerifySpec spec) =>
        CosignVerifiers.Create(spec, Registry, _trustedRoot.Value, TimeProvider.System);

    /// <summary>
    /// One trusted root per job, shared by every entry that verifies and fetched on first use: only the node that
    /// plans ever reads or fetches it. The TUF cache is per repository, since a cached root is trusted on its own.
    /// </summary>
    private ITrustedRootSource CreateTrustedRootSource()
    {
        var sigstore = Options.Sigstore ?? SigstoreOptions.Default;
        if (sigstore.TrustedRootJson is null && sigstore.TufCacheDirectory is null)
        {
            var repository = sigstore.TufUrl is null ? "public-good" : sigstore.Fingerprint();
            sigstore = sigstore with
            {
                TufCacheDirectory = Path.Combine(SigstoreOptions.DefaultTufCacheDirectory(Environment.GetEnvironmentVariable), repository),
            };
        }

        return TrustedRootSources.From(sigstore, _tufHttp, TimeProvider.System);
    }

    public void Dispose()
    {
        Helm.Dispose();
        Registry.Dispose();
        _tufHttp.Dispose();
    }
}
