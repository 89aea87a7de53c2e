using Amazon.Runtime;
using Amazon.Runtime.Credentials;

namespace FluxMirror.Registry.Credentials.Aws;

/// <summary>Supplies current AWS credentials; a failure throws <see cref="CredentialException"/> with the SDK's reason on one line.</summary>
public delegate Task<ImmutableCredentials> ResolveAwsCredentials(CancellationToken ct);

/// <summary>
/// The AWS SDK's default credential chain: environment variables, web identity (<c>AWS_WEB_IDENTITY_TOKEN_FILE</c> +
/// <c>AWS_ROLE_ARN</c>, exchanged at STS, honouring <c>AWS_ENDPOINT_URL_STS</c>), shared config and credentials
/// files and profiles (<c>AWS_PROFILE</c>), container credentials and the instance metadata service. The chain is
/// searched once; the credentials it finds refresh themselves (web identity, container, instance roles), so each call
/// returns credentials that are still valid.
/// </summary>
public sealed class AwsCredentialChain
{
    /// <summary>Bounds one search or refresh (an STS exchange, a metadata lookup); the SDK has its own retries inside.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private Task<AWSCredentials>? _found;

    public static AwsCredentialChain Process { get; } = new();

    public async Task<ImmutableCredentials> ResolveAsync(CancellationToken ct)
    {
        try
        {
            var credentials = await Search().WaitAsync(Timeout, ct).ConfigureAwait(false);
            return await credentials.GetCredentialsAsync().WaitAsync(Timeout, ct).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new CredentialException($"no AWS credentials within {Timeout.TotalSeconds:0}s");
        }
        catch (Exception ex) when (ex is AmazonClientException or AmazonServiceException or ArgumentException or IOException or HttpRequestException or InvalidOperationException)
        {
            throw new CredentialException(Describe(ex), ex);
        }
    }

    // One search shared by concurrent callers; a failed search is not kept, so the next login searches again.
    private Task<AWSCredentials> Search()
    {
        var current = Volatile.Read(ref _found);
        if (current is not null && !current.IsFaulted && !current.IsCanceled)
        {
            return current;
        }

        var fresh = DefaultAWSCredentialsIdentityResolver.GetCredentialsAsync(null);
        return Interlocked.CompareExchange(ref _found, fresh, current) == current ? fresh : Volatile.Read(ref _found)!;
    }

    /// <summary>The SDK's message and its causes (a web identity failure names STS's reason only in the inner exception), Go style.</summary>
    internal static string Describe(Exception ex)
    {
        var message = OneLine(ex.Message);
        return ex.InnerException is { } inner && !message.Contains(OneLine(inner.Message), StringComparison.Ordinal)
            ? $"{message}: {Describe(inner)}"
            : message;
    }

    /// <summary>The SDK lists what each provider tried on separate lines; a CLI error is one line.</summary>
    internal static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
