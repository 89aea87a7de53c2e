using System.Text.Json.Nodes;

namespace FluxMirror.TestSupport.Gcp;

/// <summary>
/// gcloud's user application default credentials (<c>gcloud auth application-default login</c>): an
/// <c>authorized_user</c> JSON with a refresh token, at <c>$HOME/.config/gcloud/application_default_credentials.json</c>.
/// </summary>
public sealed record GcloudUserCredentials(string ClientId, string ClientSecret, string RefreshToken)
{
    /// <summary>gcloud's own OAuth client id: the audience of the ID token a refresh returns.</summary>
    public const string GcloudClientId = "764086051850-6qr4p6gpi6hn506pt8ejuq83di341hur.apps.googleusercontent.com";

    public static GcloudUserCredentials Create() =>
        new(GcloudClientId, "d-fake-client-secret", "1//fake-refresh-" + Guid.NewGuid().ToString("N"));

    /// <summary>Writes the well-known file under <paramref name="home"/> and returns its path.</summary>
    public string WriteUnder(string home)
    {
        var directory = Path.Combine(home, ".config", "gcloud");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "application_default_credentials.json");
        File.WriteAllText(path, new JsonObject
        {
            ["client_id"] = ClientId,
            ["client_secret"] = ClientSecret,
            ["refresh_token"] = RefreshToken,
            ["type"] = "authorized_user",
        }.ToJsonString());
        return path;
    }

    public override string ToString() => $"GcloudUserCredentials {{ ClientId = {ClientId}, ClientSecret = (redacted), RefreshToken = (redacted) }}";
}
