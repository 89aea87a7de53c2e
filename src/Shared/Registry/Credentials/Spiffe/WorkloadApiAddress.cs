namespace FluxMirror.Registry.Credentials.Spiffe;

/// <summary>
/// The Workload API endpoint named by <c>SPIFFE_ENDPOINT_SOCKET</c>: a unix socket, as <c>unix:///path</c> or
/// <c>unix:/path</c>. Parse errors read like go-spiffe's (<c>workload endpoint …</c>).
/// </summary>
public sealed record WorkloadApiAddress(string SocketPath)
{
    public const string EnvironmentVariable = "SPIFFE_ENDPOINT_SOCKET";

    /// <summary>The address from the environment; throws <see cref="CredentialException"/> when unset or unusable.</summary>
    public static WorkloadApiAddress FromEnvironment() => Parse(Environment.GetEnvironmentVariable(EnvironmentVariable));

    public static WorkloadApiAddress Parse(string? address)
    {
        if (string.IsNullOrEmpty(address))
        {
            throw new CredentialException("workload endpoint socket address is not configured");
        }

        if (address.StartsWith("tcp:", StringComparison.Ordinal))
        {
            throw new CredentialException("workload endpoint tcp socket is not supported; use a unix socket");
        }

        if (!address.StartsWith("unix:", StringComparison.Ordinal))
        {
            throw new CredentialException("workload endpoint socket URI must have a \"tcp\" or \"unix\" scheme");
        }

        var path = address["unix:".Length..];
        if (path.StartsWith("//", StringComparison.Ordinal))
        {
            var authorityEnd = path.IndexOf('/', 2);
            var authority = authorityEnd < 0 ? path[2..] : path[2..authorityEnd];
            if (authority.Contains('@', StringComparison.Ordinal))
            {
                throw new CredentialException("workload endpoint unix socket URI must not include user info");
            }

            if (authority.Length > 0)
            {
                throw new CredentialException("workload endpoint unix socket URI must not include a host");
            }

            path = authorityEnd < 0 ? "" : path[authorityEnd..];
        }

        if (path.Contains('?', StringComparison.Ordinal))
        {
            throw new CredentialException("workload endpoint unix socket URI must not include query values");
        }

        if (path.Contains('#', StringComparison.Ordinal))
        {
            throw new CredentialException("workload endpoint unix socket URI must not include a fragment");
        }

        return path.Length == 0
            ? throw new CredentialException("workload endpoint unix socket path cannot be blank")
            : new WorkloadApiAddress(path);
    }
}
