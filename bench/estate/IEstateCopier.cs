namespace FluxMirror.Bench.Estate;

/// <summary>One way of mirroring the whole estate from a source host to a destination host ("127.0.0.1:port").</summary>
internal interface IEstateCopier
{
    string Name { get; }

    /// <summary>Whether the copier runs as a child process, so its CPU time can be told from the bench's own.</summary>
    bool RunsAsChildProcess { get; }

    /// <summary>Mirrors every repository of the estate under the same name; returns a one-line note for the report.</summary>
    /// <exception cref="CopyFailedException">The copier reported a failure.</exception>
    Task<string> CopyAsync(string sourceHost, string destinationHost, CancellationToken ct);
}
