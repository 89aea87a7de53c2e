namespace FluxMirror.Domain.Logins;

/// <summary>A <c>login</c> or <c>secret</c> failure; the message is the reference's one-line error, free of secrets.</summary>
public sealed class LoginException(string message, Exception? inner = null) : Exception(message, inner);
