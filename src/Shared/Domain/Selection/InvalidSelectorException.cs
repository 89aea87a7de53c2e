namespace FluxMirror.Domain.Selection;

/// <summary>
/// A selector whose regex or semver constraint does not parse. The message is the Go-style error alone
/// (e.g. "improper constraint: foo"); the reference reports it as "select tags: &lt;message&gt;".
/// </summary>
public sealed class InvalidSelectorException(string message) : Exception(message);
