using FluxMirror.Registry.Credentials.Spiffe.WorkloadApi;
using Grpc.Core;

namespace FluxMirror.Registry.Credentials.Spiffe;

/// <summary>
/// The <c>jwt-svid</c> credential provider: on each cache miss, opens the Workload API named by
/// <c>SPIFFE_ENDPOINT_SOCKET</c> (waiting for its JWT bundles, as go-spiffe's JWT source does) and fetches a JWT-SVID
/// for the audience. Wrap it in a <see cref="Tokens.MintedTokenSource"/>. Each step is bounded by <see cref="CallTimeout"/>.
/// </summary>
public sealed class JwtSvidMinter
{
    public static readonly TimeSpan DefaultCallTimeout = TimeSpan.FromSeconds(10);

    private readonly string _audience;

    public JwtSvidMinter(string audience, TimeSpan? callTimeout = null)
    {
        _audience = audience;
        CallTimeout = callTimeout ?? DefaultCallTimeout;
    }

    public TimeSpan CallTimeout { get; }

    public async ValueTask<string> MintAsync(CancellationToken ct)
    {
        WorkloadApiAddress address;
        try
        {
            address = WorkloadApiAddress.FromEnvironment();
        }
        catch (CredentialException ex)
        {
            throw new CredentialException("create SPIFFE JWT source: " + ex.Message);
        }

        using var client = new WorkloadApiClient(address);
        await AwaitBundlesAsync(client, ct).ConfigureAwait(false);
        try
        {
            var response = await client.Api.FetchJWTSVIDAsync(
                new JWTSVIDRequest { Audience = { _audience } },
                WorkloadApiClient.Options(Deadline(), ct)).ConfigureAwait(false);
            return response.Svids.Count > 0 && response.Svids[0].Svid.Length > 0
                ? response.Svids[0].Svid
                : throw new CredentialException("fetch JWT-SVID: there were no SVIDs in the response");
        }
        catch (RpcException ex) when (!ct.IsCancellationRequested)
        {
            throw new CredentialException("fetch JWT-SVID: " + WorkloadApiClient.Describe(ex));
        }
    }

    private async Task AwaitBundlesAsync(WorkloadApiClient client, CancellationToken ct)
    {
        try
        {
            using var call = client.Api.FetchJWTBundles(new JWTBundlesRequest(), WorkloadApiClient.Options(Deadline(), ct));
            if (!await call.ResponseStream.MoveNext(ct).ConfigureAwait(false))
            {
                throw new CredentialException("create SPIFFE JWT source: the Workload API closed the JWT bundle stream");
            }
        }
        catch (RpcException ex) when (!ct.IsCancellationRequested)
        {
            throw new CredentialException("create SPIFFE JWT source: " + WorkloadApiClient.Describe(ex));
        }
    }

    private DateTime Deadline() => DateTime.UtcNow + CallTimeout;
}
