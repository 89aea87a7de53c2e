using Azure.Core;
using Azure.Identity;

namespace FluxMirror.Registry.Credentials.Azure;

/// <summary>
/// Gets Microsoft Entra access tokens the way the reference does: a new DefaultAzureCredential per token (so a
/// token a registry rejected is never served again from the credential's own cache), asked for one scope. Every call
/// is bounded: the SDK's retries and per-try network timeout by <see cref="AzureCredentials"/>, the whole call by
/// <see cref="Timeout"/>. Failures are <see cref="CredentialException"/>s with the SDK's message on one line.
/// </summary>
public sealed class EntraTokens(Func<TokenCredential>? credentialFactory = null, TimeSpan? timeout = null)
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(90);

    private readonly Func<TokenCredential> _credentialFactory = credentialFactory ?? AzureCredentials.CreateDefault;

    public TimeSpan Timeout { get; } = timeout ?? DefaultTimeout;

    public async Task<string> GetAsync(string scope, CancellationToken ct)
    {
        TokenCredential credential;
        try
        {
            credential = _credentialFactory();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new CredentialException("create Azure credential: " + AzureErrorText.OneLine(ex.Message, AzureCredentials.ClientSecret), ex);
        }

        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(ct);
        bounded.CancelAfter(Timeout);
        try
        {
            var token = await credential.GetTokenAsync(new TokenRequestContext([scope]), bounded.Token).ConfigureAwait(false);
            return token.Token;
        }
        catch (Exception ex) when (bounded.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            throw new CredentialException($"get Azure access token for scope {scope}: timed out after {Timeout.TotalSeconds:0.###}s", ex);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new CredentialException(AzureErrorText.OneLine(ex.Message, AzureCredentials.ClientSecret), ex);
        }
    }
}
