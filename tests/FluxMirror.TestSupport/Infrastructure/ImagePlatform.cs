namespace FluxMirror.TestSupport.Infrastructure;

/// <summary>"os/arch[/variant]", e.g. linux/amd64 or linux/arm/v7.</summary>
public sealed record ImagePlatform(string Os, string Architecture, string? Variant = null)
{
    public static readonly ImagePlatform LinuxAmd64 = new("linux", "amd64");

    public static ImagePlatform Parse(string text)
    {
        var parts = text.Split('/');
        return parts.Length switch
        {
            2 => new ImagePlatform(parts[0], parts[1]),
            3 => new ImagePlatform(parts[0], parts[1], parts[2]),
            _ => throw new ArgumentException($"platform must be os/arch[/variant]: {text}", nameof(text)),
        };
    }

    public override string ToString() => Variant is null ? $"{Os}/{Architecture}" : $"{Os}/{Architecture}/{Variant}";
}
