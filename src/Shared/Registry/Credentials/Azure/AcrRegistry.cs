using System.Text.RegularExpressions;

namespace FluxMirror.Registry.Credentials.Azure;

/// <summary>
/// An Azure Container Registry host and the Entra scope its cloud's Resource Manager issues tokens for. The host
/// pattern and the cloud mapping are fluxcd/pkg's: <c>.azurecr.cn</c> is Azure China, <c>.azurecr.us</c> Azure
/// Government, everything else (including the retired <c>.azurecr.de</c>) the public cloud.
/// </summary>
public sealed partial record AcrRegistry(string Host, string ResourceManagerScope)
{
    /// <summary>The reference's pattern, verbatim (it appears in its error message).</summary>
    public const string HostPattern = @"^.+\.(azurecr\.io|azurecr\.cn|azurecr\.de|azurecr\.us)$";

    public const string PublicScope = "https://management.azure.com/.default";
    public const string ChinaScope = "https://management.chinacloudapi.cn/.default";
    public const string GovernmentScope = "https://management.usgovcloudapi.net/.default";

    /// <summary>The registry for <paramref name="host"/>, or <see cref="CredentialException"/> with the reference's message.</summary>
    public static AcrRegistry Parse(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        if (!HostRegex().IsMatch(host))
        {
            throw new CredentialException($"invalid Azure registry: '{host}'. must match {HostPattern}");
        }

        var scope = host.EndsWith(".azurecr.cn", StringComparison.Ordinal) ? ChinaScope
            : host.EndsWith(".azurecr.us", StringComparison.Ordinal) ? GovernmentScope
            : PublicScope;
        return new AcrRegistry(host, scope);
    }

    // Go's regexp has no case folding unless asked, and neither does this one; a port (host:443) does not match, as in Go.
    [GeneratedRegex(HostPattern, RegexOptions.CultureInvariant)]
    private static partial Regex HostRegex();
}
