using System.Net;
using FluxMirror.Coordinator.Cli;

namespace FluxMirror.Coordinator.Api;

/// <summary>
/// Without an API token the job API answers anyone who can connect, so only this machine may: a coordinator refuses
/// to start on any other address (0.0.0.0, a pod IP, a host name) unless it has a token.
/// </summary>
public static class ApiListenGuard
{
    /// <summary>Throws the one line that says why the coordinator must not start on <paramref name="httpHost"/>.</summary>
    public static void EnsureAllowed(string httpHost, bool hasToken)
    {
        if (!hasToken && !IsLoopback(httpHost))
        {
            throw new CliException($"the coordinator would serve its job API on {httpHost}, beyond this machine, without an API token: set {ApiTokenReader.TokenFileVariable} or {ApiTokenReader.TokenVariable}, or --http-host 127.0.0.1");
        }
    }

    /// <summary>127.0.0.0/8, ::1 (bracketed or not) and localhost; any other name may resolve anywhere.</summary>
    public static bool IsLoopback(string host)
    {
        var bare = host.Length > 2 && host[0] == '[' && host[^1] == ']' ? host[1..^1] : host;
        if (bare.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (!IPAddress.TryParse(bare, out var address))
        {
            return false;
        }

        return IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
    }
}
