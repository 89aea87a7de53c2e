using FluxMirror.Registry.Model;

namespace FluxMirror.Domain.Charts;

/// <summary>
/// One HTTP/S Helm repository: its <c>index.yaml</c> (fetched once and shared) and its chart tarballs.
/// </summary>
public sealed class HelmRepositoryClient : IDisposable
{
    private const string IndexKey = "index.yaml";
    private readonly HelmHttpFetcher _fetcher;
    private readonly HelmRepositoryOptions _options;
    private readonly SharedLoads<string, HelmIndex> _index = new();

    internal HelmRepositoryClient(string repositoryUrl, HelmHttpFetcher fetcher, HelmRepositoryOptions options)
    {
        RepositoryUrl = repositoryUrl;
        _fetcher = fetcher;
        _options = options;
    }

    /// <summary>The repository URL exactly as configured.</summary>
    public string RepositoryUrl { get; }

    /// <exception cref="HelmException">Download or parse failure.</exception>
    public Task<HelmIndex> GetIndexAsync(CancellationToken ct) => _index.GetAsync(IndexKey, (_, token) => LoadIndexAsync(token), ct);

    /// <summary>Every listed version of <paramref name="chart"/>, highest first.</summary>
    /// <exception cref="HelmException">Index failure, or <c>chart "x" not found in index &lt;repo&gt;</c>.</exception>
    public async Task<IReadOnlyList<string>> ListVersionsAsync(string chart, CancellationToken ct)
    {
        var index = await GetIndexAsync(ct).ConfigureAwait(false);
        return index.Versions(chart)?.Select(v => v.Version).ToList()
            ?? throw new HelmException($"chart {GoQuote.Quote(chart)} not found in index {HelmUrls.Display(RepositoryUrl)}");
    }

    /// <summary>The chart tarball of one listed version, from the first URL of its index entry.</summary>
    /// <exception cref="HelmException">Lookup, URL or download failure.</exception>
    public async Task<byte[]> DownloadChartAsync(string chart, string version, CancellationToken ct)
    {
        var index = await GetIndexAsync(ct).ConfigureAwait(false);
        HelmChartVersion entry;
        try
        {
            entry = index.Get(chart, version);
        }
        catch (HelmException ex)
        {
            throw new HelmException($"lookup chart {GoQuote.Quote(chart)}@{GoQuote.Quote(version)} in index: {ex.Message}", ex);
        }

        if (entry.Urls.Count == 0)
        {
            throw new HelmException($"chart {GoQuote.Quote(chart)}@{GoQuote.Quote(version)} has no URLs in index");
        }

        Uri url;
        try
        {
            url = HelmUrls.Resolve(RepositoryUrl, entry.Urls[0]);
        }
        catch (HelmException ex)
        {
            throw new HelmException($"resolve chart URL {GoQuote.Quote(HelmUrls.Display(entry.Urls[0]))} against {GoQuote.Quote(HelmUrls.Display(RepositoryUrl))}: {ex.Message}", ex);
        }

        return await _fetcher.GetAsync(url, _options.MaxChartBytes, ct).ConfigureAwait(false);
    }

    public void Dispose()
    {
        _index.Dispose();
        _fetcher.Dispose();
    }

    private async Task<HelmIndex> LoadIndexAsync(CancellationToken ct)
    {
        Uri url;
        try
        {
            url = HelmUrls.Resolve(RepositoryUrl, IndexKey);
        }
        catch (HelmException ex)
        {
            throw new HelmException($"resolve index URL: {ex.Message}", ex);
        }

        var data = await _fetcher.GetAsync(url, _options.MaxIndexBytes, ct).ConfigureAwait(false);
        try
        {
            return HelmIndexParser.Parse(data);
        }
        catch (FormatException ex)
        {
            throw new HelmException($"parse index from {HelmUrls.Display(url)}: {ex.Message}", ex);
        }
    }
}
