namespace FluxMirror.Registry.Model;

/// <summary>How a blob came to be present at the destination.</summary>
public enum BlobPushOutcome
{
    /// <summary>The destination repository already had it (HEAD 200); nothing was sent.</summary>
    Existing,

    /// <summary>Cross-repository mount within the same registry; no bytes were sent.</summary>
    Mounted,

    /// <summary>The bytes were uploaded.</summary>
    Pushed,
}
