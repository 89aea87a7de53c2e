namespace FluxMirror.Domain.Config;

/// <summary>How <see cref="ConfigLoader.Load"/> treats a config.</summary>
/// <param name="EnvSubst">Substitute <c>${VAR}</c> before parsing (false = <c>--no-envsubst</c>).</param>
/// <param name="RequireEntries">Require at least one artifacts/charts entry (sync); login and secret pass false.</param>
/// <param name="GetEnv">Environment lookup, null result = unset; defaults to the process environment.</param>
/// <param name="Submitted">Set when the config was (or is about to be) submitted to the cluster: the variables it may
/// use and the credentials it may hold are restricted (<see cref="SubmittedConfigRules"/>); null for the embedded run.</param>
public sealed record LoadOptions(bool EnvSubst = true, bool RequireEntries = true, Func<string, string?>? GetEnv = null, SubmittedConfigRules? Submitted = null)
{
    public Func<string, string?> EffectiveGetEnv => GetEnv ?? Environment.GetEnvironmentVariable;
}
