using System.Globalization;

namespace FluxMirror.Actors.Nodes;

/// <summary>
/// The ports a node serves beside remoting. The operator port (Petabridge.Cmd's 9110) answers the operator commands
/// on loopback only, without a token, so <c>kubectl exec … flux-mirror cluster show</c> works and nothing is exposed.
/// The management port serves <c>/healthz/live</c>, <c>/healthz/ready</c> and <c>/metrics</c> for kubelets and
/// Prometheus; it tells no secrets and changes nothing, so it needs no token either.
/// </summary>
/// <param name="Operator">Loopback operator port; null = off. 0 = any free port (tests).</param>
/// <param name="ManagementHost">Address the management port binds to.</param>
/// <param name="Management">Management port; null = off.</param>
public sealed record NodePorts(int? Operator, string ManagementHost, int? Management)
{
    public const string OperatorVariable = "FLUX_MIRROR_OPERATOR_PORT";
    public const string ManagementVariable = "FLUX_MIRROR_MANAGEMENT_PORT";
    public const string ManagementHostVariable = "FLUX_MIRROR_MANAGEMENT_HOST";
    public const int DefaultOperatorPort = 9110;
    public const int DefaultManagementPort = 9464;

    /// <summary>No side ports: what in-process test nodes get unless they ask.</summary>
    public static NodePorts None { get; } = new(null, "127.0.0.1", null);

    /// <summary>Both ports on by default; <c>off</c> turns one off. The management port binds where remoting does unless told.</summary>
    public static NodePorts FromEnvironment(Func<string, string?> getEnv, string remotingHost) => new(
        Port(getEnv, OperatorVariable, DefaultOperatorPort),
        getEnv(ManagementHostVariable) is { Length: > 0 } host ? host : remotingHost,
        Port(getEnv, ManagementVariable, DefaultManagementPort));

    private static int? Port(Func<string, string?> getEnv, string variable, int fallback)
    {
        var text = getEnv(variable)?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return fallback;
        }

        if (text.Equals("off", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535
            ? port
            : throw new ArgumentException($"{variable} must be a port number between 0 and 65535 or \"off\", got \"{text}\"");
    }
}
