namespace FluxMirror.Domain.Reporting;

/// <summary>The <c>--verbose</c> diagnostic stream: <c>message key=value …</c> lines, as the reference logs them.</summary>
public interface IMirrorLog
{
    bool Enabled { get; }

    void Write(string message, params (string Key, object? Value)[] fields);
}

/// <summary>Drops everything: the default when <c>--verbose</c> is off.</summary>
public sealed class NullMirrorLog : IMirrorLog
{
    public static readonly NullMirrorLog Instance = new();

    public bool Enabled => false;

    public void Write(string message, params (string Key, object? Value)[] fields)
    {
    }
}
