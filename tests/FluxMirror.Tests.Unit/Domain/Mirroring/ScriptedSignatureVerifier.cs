using System.Collections.Concurrent;
using FluxMirror.Domain.Reporting;
using FluxMirror.Domain.Signatures.Cosign;
using FluxMirror.Domain.Signatures.Sigstore;
using FluxMirror.Registry.Model;

namespace FluxMirror.Tests.Unit.Domain.Mirroring;

/// <summary>
/// A signature verifier without Sigstore: every tag verifies to <c>sha256:&lt;tag digits&gt;…</c> unless the test
/// said it is too new or fails. It records the tags it was asked about, in order.
/// </summary>
internal sealed class ScriptedSignatureVerifier : ITagSignatureVerifier
{
    public static readonly DateTimeOffset Integrated = new(2026, 6, 4, 20, 59, 2, TimeSpan.Zero);

    private readonly ConcurrentQueue<string> _calls = new();
    private readonly Dictionary<string, Exception> _failures = [];

    public IReadOnlyList<string> Calls => [.. _calls];

    public static string DigestOf(string tag) => "sha256:" + new string(tag.Where(char.IsDigit).ToArray()).PadRight(64, 'a');

    public static VerificationInfo InfoOf(string tag) =>
        new("cosign", "https://issuer.example", $"https://ci.example/release@refs/tags/{tag}", Integrated);

    public ScriptedSignatureVerifier TooNew(string tag)
    {
        var info = InfoOf(tag) with { Age = "47h13m11s", MinAge = "48h0m0s" };
        _failures[tag] = new SignatureTooNewException(DigestOf(tag), info, "signature age (47h13m11s) is less than the required minAge (48h0m0s); signature was integrated at 2026-06-04T20:59:02Z");
        return this;
    }

    public ScriptedSignatureVerifier Fails(string tag, Exception error)
    {
        _failures[tag] = error;
        return this;
    }

    public Task<CosignVerification> VerifyAsync(RepositoryRef source, string tag, CancellationToken ct)
    {
        _calls.Enqueue(tag);
        if (_failures.TryGetValue(tag, out var failure))
        {
            return Task.FromException<CosignVerification>(failure);
        }

        var info = InfoOf(tag);
        var signature = new VerifiedSignature(info.Identity!, info.Issuer!, [Integrated]);
        return Task.FromResult(new CosignVerification(DigestOf(tag), signature, info));
    }
}
