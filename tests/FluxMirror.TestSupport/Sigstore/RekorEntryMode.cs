namespace FluxMirror.TestSupport.Sigstore;

/// <summary>What <see cref="PrivateRekor.Append"/> puts in the entry it returns, and what it breaks.</summary>
public enum RekorEntryMode
{
    /// <summary>A signed entry timestamp and an inclusion proof with its checkpoint, as Rekor v1 returns them.</summary>
    ProofAndSet,

    /// <summary>Inclusion proof and checkpoint, no SET (so no verified integrated time).</summary>
    ProofOnly,

    /// <summary>SET only (a bundle v0.1 entry).</summary>
    SetOnly,

    /// <summary>Valid SET, inclusion proof with one hash altered.</summary>
    BadInclusionProof,

    /// <summary>Valid inclusion proof, SET signed by the log over other data.</summary>
    BadSet,

    /// <summary>Valid SET and proof, checkpoint signature that does not verify (right key hint, wrong key).</summary>
    BadCheckpoint,
}
