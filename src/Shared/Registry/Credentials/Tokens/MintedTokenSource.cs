using FluxMirror.Registry.Model;

namespace FluxMirror.Registry.Credentials.Tokens;

/// <summary>Mints one token (a CI OIDC token, an ID token, a signed JWT); a failure throws <see cref="CredentialException"/> with a secret-free message.</summary>
public delegate ValueTask<string> MintToken(CancellationToken ct);

/// <summary>
/// A <c>credential.provider</c> / <c>jwk*</c> host credential, cached the way the reference's cijwt does: a minted
/// token is reused for half of its remaining lifetime (read from its unverified <c>exp</c>), so a registry never sees
/// a token about to expire; a token without <c>exp</c>, or with under two seconds left, is refused. With
/// <c>cache: false</c> (a default JWK credential) every request gets a freshly minted token. Concurrent requests share
/// one mint. Failures read <c>failed to obtain CI JWT for host "&lt;host&gt;": …</c>; tokens never appear in them.
/// </summary>
public sealed class MintedTokenSource : IRenewableCredentialSource
{
    private static readonly TimeSpan MinimumReuse = TimeSpan.FromSeconds(1);

    private readonly string _host;
    private readonly MintToken _mint;
    private readonly bool _cache;
    private readonly RenewingCredentialCache _cached;
    private int _mintCount;

    public MintedTokenSource(string host, MintToken mint, bool cache = true, TimeProvider? clock = null)
    {
        _host = host;
        _mint = mint;
        _cache = cache;
        _cached = new RenewingCredentialCache(clock ?? TimeProvider.System);
    }

    /// <summary>How many tokens were minted so far (for diagnostics and tests).</summary>
    public int MintCount => Volatile.Read(ref _mintCount);

    public async ValueTask<HostCredential> ResolveAsync(CancellationToken ct) => _cache
        ? await _cached.GetAsync(MintCachedAsync, ct).ConfigureAwait(false)
        : HostCredential.Bearer(await MintAsync(ct).ConfigureAwait(false));

    public void Invalidate(HostCredential rejected) => _cached.Invalidate(rejected);

    private async Task<(HostCredential, DateTimeOffset)> MintCachedAsync(DateTimeOffset now, CancellationToken ct)
    {
        var token = await MintAsync(ct).ConfigureAwait(false);
        var exp = JwtExpiry.Read(token) ?? throw Failure("minted token has no exp claim");
        var half = (exp - now) / 2;
        return half < MinimumReuse
            ? throw Failure($"minted token already near expiry (exp={exp.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ})")
            : (HostCredential.Bearer(token), now + half);
    }

    private async ValueTask<string> MintAsync(CancellationToken ct)
    {
        string token;
        try
        {
            token = await _mint(ct).ConfigureAwait(false);
        }
        catch (CredentialException ex)
        {
            throw Failure(ex.Message, ex);
        }

        Interlocked.Increment(ref _mintCount);
        return string.IsNullOrWhiteSpace(token) ? throw Failure("the minted token is empty") : token.Trim();
    }

    private CredentialException Failure(string reason, Exception? inner = null)
    {
        var message = $"failed to obtain CI JWT for host {GoQuote.Quote(_host)}: {reason}";
        return inner is null ? new CredentialException(message) : new CredentialException(message, inner);
    }
}
