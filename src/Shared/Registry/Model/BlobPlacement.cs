namespace FluxMirror.Registry.Model;

/// <summary>What the caller already knows about a blob at the destination before it is copied there.</summary>
public sealed record BlobPlacement
{
    private BlobPlacement(BlobPlacementKind kind, string? mountFrom)
    {
        Kind = kind;
        MountFrom = mountFrom;
    }

    /// <summary>Nothing known: ask the destination (HEAD, or a mount probe), then upload.</summary>
    public static BlobPlacement Unknown { get; } = new(BlobPlacementKind.Unknown, null);

    /// <summary>Known to be in the destination repository: no request at all.</summary>
    public static BlobPlacement Present { get; } = new(BlobPlacementKind.Present, null);

    public BlobPlacementKind Kind { get; }

    /// <summary>A repository of the destination registry that holds the blob (set for <see cref="BlobPlacementKind.Elsewhere"/>).</summary>
    public string? MountFrom { get; }

    /// <summary>Known to be in <paramref name="repository"/> of the destination registry: mount it from there.</summary>
    public static BlobPlacement Elsewhere(string repository) => new(BlobPlacementKind.Elsewhere, repository);
}

public enum BlobPlacementKind
{
    Unknown,
    Present,
    Elsewhere,
}
