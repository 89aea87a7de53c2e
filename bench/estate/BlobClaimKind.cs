namespace FluxMirror.Bench.Estate;

/// <summary>What the ledger tells a tag to do about one blob in one destination repository.</summary>
internal enum BlobClaimKind
{
    /// <summary>Known to be in the repository: no request.</summary>
    AlreadyThere,

    /// <summary>Someone else is bringing it (into this repository, or as the first upload to the registry): await, then ask again.</summary>
    Wait,

    /// <summary>Known in another repository of the registry: mount from there; the caller now owns this repository's transfer.</summary>
    MountFrom,

    /// <summary>Not known anywhere on the registry: the caller owns the one upload, everyone else waits for it.</summary>
    Upload,
}
