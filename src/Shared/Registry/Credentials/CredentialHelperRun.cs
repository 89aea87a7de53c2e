namespace FluxMirror.Registry.Credentials;

/// <summary>What a finished <c>docker-credential-&lt;name&gt;</c> run left behind.</summary>
/// <param name="Program">The helper's file name, for messages.</param>
internal sealed record CredentialHelperRun(string Program, int ExitCode, string Stdout, string Stderr)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>
    /// The first line of what the helper said (stderr, else stdout), at most 200 characters, with
    /// <paramref name="secret"/> masked: a helper may echo its input, and the message ends up on a terminal.
    /// </summary>
    public string Diagnostic(string? secret = null)
    {
        var text = Stderr.Length > 0 ? Stderr : Stdout;
        if (!string.IsNullOrEmpty(secret))
        {
            text = text.Replace(secret, "***", StringComparison.Ordinal);
        }

        var line = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? string.Empty;
        return line.Length > 200 ? line[..200] : line;
    }

    // The output may hold a secret (a get answer): never print it through a log of this record.
    public override string ToString() => $"{Program}: exit code {ExitCode}";
}
