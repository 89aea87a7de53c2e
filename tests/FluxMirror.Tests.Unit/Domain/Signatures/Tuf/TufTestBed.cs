using System.Text;
using FluxMirror.Domain.Signatures.Tuf;
using FluxMirror.TestSupport.Sigstore;
using FluxMirror.TestSupport.Tokens;

namespace FluxMirror.Tests.Unit.Domain.Signatures.Tuf;

/// <summary>A test repository served on loopback, a standing clock and a cache directory, for <see cref="TufClient"/> tests.</summary>
internal sealed class TufTestBed : IAsyncDisposable
{
    public const string TargetName = "trusted_root.json";

    private TufTestBed(TufTestRepository repository, TufRepositoryServer server, ManualClock clock, string cacheDirectory)
    {
        Repository = repository;
        Server = server;
        Clock = clock;
        CacheDirectory = cacheDirectory;
    }

    public static readonly DateTimeOffset Now = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    public static readonly byte[] TargetContent = Encoding.UTF8.GetBytes("{\"mediaType\":\"application/vnd.dev.sigstore.trustedroot+json;version=0.1\"}\n");

    public TufTestRepository Repository { get; }

    public TufRepositoryServer Server { get; }

    public ManualClock Clock { get; }

    public string CacheDirectory { get; }

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    /// <param name="configure">Changes to the repository before its files are served (it publishes afterwards).</param>
    public static async Task<TufTestBed> StartAsync(int targetsKeys = 1, int targetsThreshold = 1, Action<TufTestRepository>? configure = null)
    {
        var repository = new TufTestRepository(Now, targetsKeys, targetsThreshold);
        repository.SetTarget(TargetName, TargetContent);
        configure?.Invoke(repository);
        repository.Publish();
        var server = await TufRepositoryServer.StartAsync(repository, TestContext.Current.CancellationToken);
        return new TufTestBed(repository, server, new ManualClock(Now), Directory.CreateTempSubdirectory("fm-tuf-").FullName);
    }

    public TufClient Client(bool cached = true) => new(Http, Server.Repository(cached ? CacheDirectory : null), Clock);

    public Task<byte[]> FetchAsync(bool cached = true) => Client(cached).GetTargetAsync(TargetName, TestContext.Current.CancellationToken);

    public async Task<string> RefusalAsync(bool cached = true) => (await Assert.ThrowsAsync<TufException>(() => FetchAsync(cached))).Message;

    /// <summary>Path of the published target under consistent snapshots.</summary>
    public string TargetFile => Repository.Files.Keys.Single(k => k.StartsWith("targets/", StringComparison.Ordinal));

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
        Repository.Dispose();
        Directory.Delete(CacheDirectory, recursive: true);
    }
}
