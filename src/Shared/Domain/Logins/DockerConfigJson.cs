using System.Text;
using FluxMirror.Domain.GoCompat;

namespace FluxMirror.Domain.Logins;

/// <summary>
/// The <c>.dockerconfigjson</c> document of a pull Secret: <c>{"auths":{"&lt;host&gt;":{…}}}</c>, one entry per host,
/// keyed by the host exactly as configured. Written byte for byte as the reference's <c>json.Marshal</c> writes it
/// (compact, hosts sorted, entry fields in struct order <c>username</c>, <c>password</c>, <c>auth</c>,
/// <c>registrytoken</c>, empty ones omitted), so a rotated Secret only changes when a credential does.
/// </summary>
public static class DockerConfigJson
{
    public static string Serialize(IReadOnlyList<HostLogin> logins)
    {
        ArgumentNullException.ThrowIfNull(logins);

        // A Go map: a repeated host keeps its last entry.
        var byHost = new Dictionary<string, HostLogin>(StringComparer.Ordinal);
        foreach (var login in logins)
        {
            byHost[login.Host] = login;
        }

        var sb = new StringBuilder("{\"auths\":{");
        var first = true;
        foreach (var host in byHost.Keys.Order(GoJsonWriter.Utf8Order.Instance))
        {
            sb.Append(first ? string.Empty : ",");
            first = false;
            GoJsonWriter.AppendString(sb, host);
            sb.Append(':');
            AppendEntry(sb, byHost[host]);
        }

        return sb.Append("}}").ToString();
    }

    private static void AppendEntry(StringBuilder sb, HostLogin login)
    {
        sb.Append('{');
        var first = true;
        void Field(string name, string? value)
        {
            // omitempty: an empty string is left out, as Go does.
            if (string.IsNullOrEmpty(value))
            {
                return;
            }

            sb.Append(first ? string.Empty : ",");
            first = false;
            GoJsonWriter.AppendString(sb, name);
            sb.Append(':');
            GoJsonWriter.AppendString(sb, value);
        }

        if (login.IsRegistryToken)
        {
            Field("registrytoken", login.RegistryToken);
        }
        else
        {
            Field("username", login.Username);
            Field("password", login.Password);
            Field("auth", login.Auth);
        }

        sb.Append('}');
    }
}
