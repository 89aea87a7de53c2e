namespace FluxMirror.TestSupport.Infrastructure;

/// <summary>Optional knobs for <see cref="ProcessRunner.RunAsync"/>.</summary>
public sealed record ProcessRunOptions
{
    /// <summary>Upper bound for the run; the process tree is killed when it is exceeded.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    public string? WorkingDirectory { get; init; }

    /// <summary>Written to the child's stdin, which is then closed (e.g. a password for htpasswd -i).</summary>
    public string? StandardInput { get; init; }

    /// <summary>Extra environment variables; a null value removes the variable.</summary>
    public IReadOnlyDictionary<string, string?>? Environment { get; init; }
}
