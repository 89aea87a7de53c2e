namespace FluxMirror.Domain.Config;

/// <summary>
/// Refuses a credential written into a config submitted to the cluster: the config text is journaled as submitted,
/// so a token, a JWK or a private key in it would stay in the database. A secret field must be a plain <c>${NAME}</c>
/// reference (substituted on the nodes from their environment), or the file alternative used instead. The check reads
/// the text as written, before substitution: after it, a reference and a literal look the same.
/// </summary>
public static class LiteralCredentials
{
    // The secret fields of hosts[] (HostMapper reads exactly these with redacted messages), each with its file alternative.
    private static readonly (string[] Path, string FileField)[] SecretFields =
    [
        (["credential", "value"], "credential.fromPath"),
        (["credential", "jwkValue"], "credential.jwkPath"),
        (["tls", "clientAuth", "key", "value"], "tls.clientAuth.key.fromPath"),
    ];

    /// <param name="envSubst">False when the config is not substituted (<c>--no-envsubst</c>): every value is then literal.</param>
    /// <returns>The one-line refusal for the first literal credential, or null when there is none.</returns>
    public static string? Refusal(string configText, bool envSubst)
    {
        ArgumentNullException.ThrowIfNull(configText);
        YNode? root;
        try
        {
            root = YamlTreeReader.Read(configText);
        }
        catch (ConfigException)
        {
            return "config: a config submitted to the cluster must be YAML before ${VAR} substitution, so that its " +
                "credentials can be checked: substitute values, not structure, and quote a ${VAR} inside [...] or {...}";
        }

        var hosts = Field(root, "hosts") as YSequence;
        for (var i = 0; i < (hosts?.Items.Count ?? 0); i++)
        {
            foreach (var (path, fileField) in SecretFields)
            {
                var node = path.Aggregate((YNode?)hosts!.Items[i], Field);
                if (node is YScalar { IsNull: false } scalar && scalar.Value.Length > 0 && !(envSubst && EnvSubst.IsPlainReference(scalar.Value.Trim())))
                {
                    return $"config: hosts[{i}].{string.Join('.', path)} is a literal credential; a config submitted to the " +
                        $"cluster takes credentials by reference only: write ${{VAR}} (substituted on the nodes from their " +
                        $"environment) or use hosts[{i}].{fileField} (a file on the nodes)";
                }
            }
        }

        return null;
    }

    // Keys match like the mapper matches them: exact, else case-insensitive.
    private static YNode? Field(YNode? node, string name) =>
        node is not YMapping mapping ? null
        : (mapping.Entries.FirstOrDefault(e => e.Key.Value == name)
            ?? mapping.Entries.FirstOrDefault(e => string.Equals(e.Key.Value, name, StringComparison.OrdinalIgnoreCase)))?.Value;
}
