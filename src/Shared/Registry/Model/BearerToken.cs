namespace FluxMirror.Registry.Model;

/// <summary>A registry access token and when to stop using it. <see cref="ToString"/> hides the value.</summary>
internal sealed record BearerToken(string Value, DateTimeOffset RefreshAfter)
{
    public override string ToString() => $"bearer token (redacted, refresh after {RefreshAfter:O})";
}
