namespace FluxMirror.Domain.Config;

/// <summary>A config load failure. <see cref="Exception.Message"/> is the complete one-line text shown to the user
/// (the CLI prints <c>✗ </c> + Message); it never contains a secret.</summary>
public sealed class ConfigException : Exception
{
    public ConfigException(string message)
        : base(OneLine(message))
    {
    }

    // A multi-line message would break the CLI's one-line error contract.
    private static string OneLine(string message) =>
        message.Replace("\r\n", " ", StringComparison.Ordinal).Replace('\n', ' ').Replace('\r', ' ');
}
