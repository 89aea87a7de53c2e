using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace FluxMirror.TestSupport.Gcp;

/// <summary>
/// A test service account: an RSA key pair and the JSON key file Google issues for it (<c>type: service_account</c>),
/// whose <c>token_uri</c> is Google's real token endpoint unless told otherwise (tests route that host to a fake).
/// </summary>
public sealed class GcpServiceAccountKey : IDisposable
{
    public const string DefaultTokenUri = "https://oauth2.googleapis.com/token";
    private readonly RSA _key = RSA.Create(2048);

    public GcpServiceAccountKey(string clientEmail = "mirror@fake-project.iam.gserviceaccount.com") => ClientEmail = clientEmail;

    public string ClientEmail { get; }

    public string KeyId { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));

    /// <summary>The private key as PEM, for "never in the output" checks (its base64 body is what would leak).</summary>
    public string PrivateKeyPem => _key.ExportPkcs8PrivateKeyPem();

    public string Json(string tokenUri = DefaultTokenUri) => new JsonObject
    {
        ["type"] = "service_account",
        ["project_id"] = "fake-project",
        ["private_key_id"] = KeyId,
        ["private_key"] = PrivateKeyPem,
        ["client_email"] = ClientEmail,
        ["client_id"] = "100000000000000000001",
        ["auth_uri"] = "https://accounts.google.com/o/oauth2/auth",
        ["token_uri"] = tokenUri,
        ["universe_domain"] = "googleapis.com",
    }.ToJsonString();

    /// <summary>Writes the key file into <paramref name="directory"/> and returns its path.</summary>
    public string WriteTo(string directory, string tokenUri = DefaultTokenUri)
    {
        var path = Path.Combine(directory, "service-account.json");
        File.WriteAllText(path, Json(tokenUri));
        return path;
    }

    /// <summary>The claims of an assertion this account signed, or null when someone else signed it.</summary>
    public System.Text.Json.JsonElement? VerifyAssertion(string assertion) => TestJwt.Verify(_key, assertion);

    public void Dispose() => _key.Dispose();
}
