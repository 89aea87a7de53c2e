namespace FluxMirror.Domain.Charts;

/// <summary>
/// One <c>repositories.yaml</c> entry (what <c>helm repo add</c> stores). The password never appears in
/// <see cref="ToString"/>.
/// </summary>
internal sealed record HelmRepositoryEntry
{
    public string Name { get; init; } = string.Empty;

    public string Url { get; init; } = string.Empty;

    public string Username { get; init; } = string.Empty;

    public string Password { get; init; } = string.Empty;

    public string CertFile { get; init; } = string.Empty;

    public string KeyFile { get; init; } = string.Empty;

    public string CaFile { get; init; } = string.Empty;

    public bool InsecureSkipTlsVerify { get; init; }

    public bool PassCredentialsAll { get; init; }

    /// <summary>Basic auth is only sent when both halves are set.</summary>
    public bool HasBasicAuth => Username.Length > 0 && Password.Length > 0;

    public bool HasTlsSettings => CertFile.Length > 0 || KeyFile.Length > 0 || CaFile.Length > 0 || InsecureSkipTlsVerify;

    public override string ToString() =>
        $"HelmRepositoryEntry {{ Name = {Name}, Url = {Url}, Username = {Username}, Password = {(Password.Length > 0 ? "<redacted>" : "")} }}";
}
