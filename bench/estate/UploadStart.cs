namespace FluxMirror.Bench.Estate;

/// <summary>
/// How a POST to <c>/blobs/uploads/</c> ended: the blob is in the repository now (a mount answered 201), or a session
/// is open and <see cref="Completion"/> is where the monolithic PUT goes.
/// </summary>
internal sealed record UploadStart(bool Present, Uri? Completion)
{
    public static readonly UploadStart Done = new(true, null);
}
