using FluxMirror.Registry.Model;

namespace FluxMirror.Registry.Credentials.Cloud;

/// <summary>
/// A <c>hosts[].provider</c> credential (ecr, acr, gar), presented as username/password in the registry's own
/// challenge. The reference fetches once per run, so a long mirror outlives an ECR (12 h) or GAR (1 h) token; here a
/// login is renewed at half of its lifetime, and at once when the registry rejects it. Concurrent requests share one
/// fetch; a failed fetch is not cached. Failures read <c>get &lt;cloud&gt; registry credentials for "&lt;host&gt;": …</c>.
/// </summary>
public sealed class CloudCredentialSource : IRenewableCredentialSource
{
    /// <summary>Used when a cloud does not say how long a login lasts.</summary>
    public static readonly TimeSpan AssumedLifetime = TimeSpan.FromMinutes(30);

    private readonly string _host;
    private readonly ICloudRegistryLogin _login;
    private readonly RenewingCredentialCache _cache;
    private int _fetchCount;

    public CloudCredentialSource(string host, ICloudRegistryLogin login, TimeProvider? clock = null)
    {
        _host = host;
        _login = login;
        _cache = new RenewingCredentialCache(clock ?? TimeProvider.System);
    }

    /// <summary>How many logins were fetched so far (for diagnostics and tests).</summary>
    public int FetchCount => Volatile.Read(ref _fetchCount);

    public ValueTask<HostCredential> ResolveAsync(CancellationToken ct) => _cache.GetAsync(FetchAsync, ct);

    public void Invalidate(HostCredential rejected) => _cache.Invalidate(rejected);

    private async Task<(HostCredential, DateTimeOffset)> FetchAsync(DateTimeOffset now, CancellationToken ct)
    {
        CloudLogin login;
        try
        {
            login = await _login.LoginAsync(_host, ct).ConfigureAwait(false);
        }
        catch (CredentialException ex)
        {
            throw new CredentialException($"get {_login.Cloud} registry credentials for {GoQuote.Quote(_host)}: {ex.Message}", ex);
        }

        Interlocked.Increment(ref _fetchCount);
        var lifetime = login.ExpiresAt is { } expires ? expires - now : AssumedLifetime;
        return (HostCredential.Basic(login.Username, login.Password), now + (lifetime / 2));
    }
}
