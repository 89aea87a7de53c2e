using FluxMirror.Registry.Credentials.Aws;

namespace FluxMirror.Tests.Unit.Registry.Credentials.Aws;

/// <summary>An <see cref="AwsEnvironment"/> over a dictionary and a fixed set of profiles: no process state, no files.</summary>
internal static class AwsTestEnvironment
{
    public static AwsEnvironment Of(IReadOnlyDictionary<string, string>? variables = null, params AwsProfile[] profiles) =>
        new(
            name => variables is not null && variables.TryGetValue(name, out var value) ? value : null,
            name => profiles.FirstOrDefault(p => p.Name == name));

    public static AwsEnvironment Of(params (string Name, string Value)[] variables) =>
        Of(variables.ToDictionary(v => v.Name, v => v.Value));
}
