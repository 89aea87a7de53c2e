using System.Collections.Concurrent;

namespace FluxMirror.TestSupport.Aws;

/// <summary>AWS credentials the fakes know: a secret (and session token) per access key id.</summary>
public sealed record AwsTestKey(string AccessKeyId, string SecretAccessKey, string? SessionToken = null);

/// <summary>
/// The keys the fake STS and ECR accept, shared between them: the static test key (AWS's documentation example) and
/// every session the fake STS issued.
/// </summary>
public sealed class AwsTestKeys
{
    public static readonly AwsTestKey Static = new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");

    private readonly ConcurrentDictionary<string, AwsTestKey> _keys = new(StringComparer.Ordinal);

    public AwsTestKeys() => Add(Static);

    public void Add(AwsTestKey key) => _keys[key.AccessKeyId] = key;

    public AwsTestKey? Find(string accessKeyId) => _keys.TryGetValue(accessKeyId, out var key) ? key : null;

    /// <summary>The child environment that hands the static key to the AWS SDK chain.</summary>
    public static IDictionary<string, string?> StaticEnvironment() => new Dictionary<string, string?>
    {
        ["AWS_ACCESS_KEY_ID"] = Static.AccessKeyId,
        ["AWS_SECRET_ACCESS_KEY"] = Static.SecretAccessKey,
    };
}
