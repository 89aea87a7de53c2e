namespace FluxMirror.Registry.Credentials.Aws;

/// <summary>A profile of the shared AWS config/credentials files, as far as this project reads it.</summary>
public sealed record AwsProfile(string Name, string? Region);
