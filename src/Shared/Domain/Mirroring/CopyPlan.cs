using FluxMirror.Registry.Model;
using FluxMirror.Registry.Protocol;

namespace FluxMirror.Domain.Mirroring;

/// <summary>
/// The manifest tree of one source artifact, resolved before anything is written: every manifest in push order
/// (children before the indexes that list them, the root last) and the distinct blobs they need. Child manifests the
/// destination already has are left out together with their blobs.
/// </summary>
internal sealed record CopyPlan(ManifestBlob Root, IReadOnlyList<ManifestBlob> Children, IReadOnlyList<Descriptor> Blobs)
{
    public static async Task<CopyPlan> BuildAsync(
        RegistryClient client, RepositoryRef source, ManifestBlob root, RepositoryRef destination, CancellationToken ct)
    {
        var walker = new Walker(client, source, destination);
        await walker.VisitAsync(root, ct).ConfigureAwait(false);
        var children = walker.Manifests.Take(walker.Manifests.Count - 1).ToArray();
        return new CopyPlan(root, children, walker.Blobs);
    }

    private sealed class Walker(RegistryClient client, RepositoryRef source, RepositoryRef destination)
    {
        private readonly HashSet<string> _seenManifests = new(StringComparer.Ordinal);
        private readonly HashSet<string> _seenBlobs = new(StringComparer.Ordinal);

        public List<ManifestBlob> Manifests { get; } = [];

        public List<Descriptor> Blobs { get; } = [];

        public async Task VisitAsync(ManifestBlob manifest, CancellationToken ct)
        {
            _seenManifests.Add(manifest.Digest);
            var parsed = Parse(manifest);
            foreach (var child in parsed.Manifests)
            {
                if (!_seenManifests.Add(child.Digest)
                    || await client.HeadManifestAsync(destination, child.Digest, ct).ConfigureAwait(false) is not null)
                {
                    continue;
                }

                await VisitAsync(await client.GetManifestAsync(source, child.Digest, ct).ConfigureAwait(false), ct).ConfigureAwait(false);
            }

            foreach (var blob in parsed.DistributableBlobs())
            {
                if (_seenBlobs.Add(blob.Digest))
                {
                    Blobs.Add(blob);
                }
            }

            Manifests.Add(manifest);
        }

        private ParsedManifest Parse(ManifestBlob manifest)
        {
            try
            {
                return manifest.Parse();
            }
            catch (FormatException ex)
            {
                throw new RegistryException($"{source.WithReference(manifest.Digest)}: {ex.Message}");
            }
        }
    }
}
