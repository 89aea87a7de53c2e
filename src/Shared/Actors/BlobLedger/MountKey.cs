namespace FluxMirror.Actors.BlobLedger;

/// <summary>One blob going into one repository of its destination registry: what a mount lease is keyed by.</summary>
internal readonly record struct MountKey(BlobKey Blob, string Repository);
