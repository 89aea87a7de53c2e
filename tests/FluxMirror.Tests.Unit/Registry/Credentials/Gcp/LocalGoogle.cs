using FluxMirror.TestSupport.Gcp;
using FluxMirror.TestSupport.Http;
using Google.Apis.Auth.OAuth2;
using Google.Apis.Auth.OAuth2.Flows;
using Google.Apis.Auth.OAuth2.Responses;

namespace FluxMirror.Tests.Unit.Registry.Credentials.Gcp;

/// <summary>
/// The fake Google token endpoint on a loopback HTTP server, with a service account and gcloud user credentials whose
/// token URL is that server, so the real Google.Apis.Auth credentials run without the internet and without ADC's
/// process-wide cache.
/// </summary>
internal sealed class LocalGoogle : IAsyncDisposable
{
    private readonly LoopbackServer _server;

    private LocalGoogle()
    {
        Endpoint = null!;
        _server = new LoopbackServer(request => Endpoint.Handle(request));
        TokenUrl = $"http://{_server.Host}/token";
        Endpoint = new FakeGoogleTokenEndpoint(Tokens, Account, User);
    }

    public FakeGoogleTokens Tokens { get; } = new();

    public GcpServiceAccountKey Account { get; } = new();

    public GcloudUserCredentials User { get; } = GcloudUserCredentials.Create();

    public FakeGoogleTokenEndpoint Endpoint { get; private set; }

    public string TokenUrl { get; }

    public static LocalGoogle Start() => new();

    public GoogleCredential ServiceAccount() =>
        new ServiceAccountCredential(new ServiceAccountCredential.Initializer(Account.ClientEmail, TokenUrl) { KeyId = Account.KeyId }
            .FromPrivateKey(Account.PrivateKeyPem)).ToGoogleCredential();

    public GoogleCredential GcloudUser()
    {
        // gcloud's flow with its token URL moved to the fake (the Google flow pins Google's URL).
        var flow = new AuthorizationCodeFlow(new AuthorizationCodeFlow.Initializer("http://127.0.0.1:9/auth", TokenUrl)
        {
            ClientSecrets = new ClientSecrets { ClientId = User.ClientId, ClientSecret = User.ClientSecret },
        });
        return new UserCredential(flow, "ApplicationDefaultCredentials", new TokenResponse { RefreshToken = User.RefreshToken }).ToGoogleCredential();
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        Tokens.Dispose();
        Account.Dispose();
    }
}
