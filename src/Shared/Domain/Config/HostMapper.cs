namespace FluxMirror.Domain.Config;

/// <summary>Maps <c>hosts[]</c> entries, including the credential and TLS blocks. Secret fields
/// (<c>value</c>, <c>jwkValue</c>, <c>key.value</c>) are read with redacted error messages.</summary>
internal static class HostMapper
{
    public static HostEntry MapHost(YNode? node, string path)
    {
        var f = YamlFields.Required(node, path, "host", "username", "credential", "provider", "tls", "maxChunkSize");
        return new HostEntry(
            YamlValues.String(f["host"], f.PathOf("host")) ?? "",
            YamlValues.String(f["username"], f.PathOf("username")),
            MapCredential(f),
            YamlValues.String(f["provider"], f.PathOf("provider")),
            MapTls(f),
            YamlValues.Int(f["maxChunkSize"], f.PathOf("maxChunkSize")));
    }

    private static CredentialSpec? MapCredential(YamlFields host)
    {
        var c = YamlFields.Optional(
            host["credential"], host.PathOf("credential"),
            "provider", "value", "fromPath", "jwkPath", "jwkValue", "iss", "sub", "aud", "exp");
        return c is null
            ? null
            : new CredentialSpec(
                YamlValues.String(c["provider"], c.PathOf("provider")),
                YamlValues.String(c["value"], c.PathOf("value"), secret: true),
                YamlValues.String(c["fromPath"], c.PathOf("fromPath")),
                YamlValues.String(c["jwkPath"], c.PathOf("jwkPath")),
                YamlValues.String(c["jwkValue"], c.PathOf("jwkValue"), secret: true),
                YamlValues.String(c["iss"], c.PathOf("iss")),
                YamlValues.String(c["sub"], c.PathOf("sub")),
                YamlValues.String(c["aud"], c.PathOf("aud")),
                YamlValues.Duration(c["exp"], c.PathOf("exp")));
    }

    private static TlsSpec? MapTls(YamlFields host)
    {
        var tls = YamlFields.Optional(host["tls"], host.PathOf("tls"), "serverAuth", "clientAuth");
        return tls is null ? null : new TlsSpec(MapServerAuth(tls), MapClientAuth(tls));
    }

    private static ServerAuthSpec? MapServerAuth(YamlFields tls)
    {
        var s = YamlFields.Optional(tls["serverAuth"], tls.PathOf("serverAuth"), "fromPath", "value", "spiffe");
        if (s is null)
        {
            return null;
        }

        var spiffe = YamlFields.Optional(s["spiffe"], s.PathOf("spiffe"), "serverID", "trustDomain", "authorizeAny");
        return new ServerAuthSpec(
            YamlValues.String(s["fromPath"], s.PathOf("fromPath")),
            YamlValues.String(s["value"], s.PathOf("value")),
            spiffe is null
                ? null
                : new SpiffeServerAuthSpec(
                    YamlValues.String(spiffe["serverID"], spiffe.PathOf("serverID")),
                    YamlValues.String(spiffe["trustDomain"], spiffe.PathOf("trustDomain")),
                    YamlValues.Bool(spiffe["authorizeAny"], spiffe.PathOf("authorizeAny")) ?? false));
    }

    private static ClientAuthSpec? MapClientAuth(YamlFields tls)
    {
        var c = YamlFields.Optional(tls["clientAuth"], tls.PathOf("clientAuth"), "provider", "certificate", "key");
        if (c is null)
        {
            return null;
        }

        var certificate = YamlFields.Optional(c["certificate"], c.PathOf("certificate"), "fromPath", "value");
        var key = YamlFields.Optional(c["key"], c.PathOf("key"), "fromPath", "value");
        return new ClientAuthSpec(
            YamlValues.String(c["provider"], c.PathOf("provider")),
            certificate is null
                ? null
                : new TlsDataSpec(
                    YamlValues.String(certificate["fromPath"], certificate.PathOf("fromPath")),
                    YamlValues.String(certificate["value"], certificate.PathOf("value"))),
            key is null
                ? null
                : new TlsKeySpec(
                    YamlValues.String(key["fromPath"], key.PathOf("fromPath")),
                    YamlValues.String(key["value"], key.PathOf("value"), secret: true)));
    }
}
