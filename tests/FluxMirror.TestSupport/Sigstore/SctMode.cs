namespace FluxMirror.TestSupport.Sigstore;

/// <summary>What embedded SCT a <see cref="PrivateFulcio"/> leaf carries.</summary>
public enum SctMode
{
    /// <summary>One SCT signed by the fixture's CT log over the leaf's precertificate.</summary>
    Valid,

    /// <summary>No SCT list extension at all.</summary>
    None,

    /// <summary>A well-formed SCT from a CT log the trusted root does not list.</summary>
    WrongLog,

    /// <summary>An SCT naming the fixture's CT log whose signature is over other data.</summary>
    BadSignature,
}
