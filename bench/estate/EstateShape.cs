using System.Globalization;

namespace FluxMirror.Bench.Estate;

/// <summary>
/// What the estate looks like: <see cref="Repositories"/> × <see cref="TagsPerRepository"/> images, each a unique config,
/// one base layer shared by every image of the estate and <see cref="UniqueLayers"/> layers of its own.
/// </summary>
internal sealed record EstateShape(int Repositories, int TagsPerRepository)
{
    public const int BaseLayerBytes = 256 * 1024;
    public const int UniqueLayerBytes = 64 * 1024;
    public const int UniqueLayers = 2;

    public int Images => Repositories * TagsPerRepository;

    /// <summary>"bench/repo-01" …, zero-padded so the names sort in order.</summary>
    public IReadOnlyList<string> RepositoryNames
    {
        get
        {
            var width = Math.Max(2, Repositories.ToString(CultureInfo.InvariantCulture).Length);
            return [.. Enumerable.Range(1, Repositories).Select(r => "bench/repo-" + r.ToString(CultureInfo.InvariantCulture).PadLeft(width, '0'))];
        }
    }

    /// <summary>"1.1.0" …, semver so flux-mirror's <c>semver: "*"</c> selector takes every one.</summary>
    public IReadOnlyList<string> TagNames =>
        [.. Enumerable.Range(1, TagsPerRepository).Select(t => string.Create(CultureInfo.InvariantCulture, $"1.{t}.0"))];
}
