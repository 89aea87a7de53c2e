using System.Security.Cryptography;
using System.Text;
using FluxMirror.Domain.Mirroring;

namespace FluxMirror.Protocol.Api;

/// <summary>Body of <c>POST /jobs</c>: the config text as written plus the job's flags.</summary>
/// <param name="ConfigDigest">Identity for resuming; computed from the text and the shaping flags when absent.</param>
public sealed record SubmitJobRequest(string Config, string? Source = null, JobOptions? Options = null, bool NoEnvSubst = false, bool Fresh = false, string? ConfigDigest = null)
{
    public JobOptions EffectiveOptions => Options ?? new JobOptions();

    public string EffectiveDigest => ConfigDigest ?? DigestOf(Encoding.UTF8.GetBytes(Config), EffectiveOptions);

    /// <summary>The same identity the embedded mode uses: the text's sha256 plus the flags that change the outcome.</summary>
    public static string DigestOf(byte[] text, JobOptions options) =>
        $"sha256:{Convert.ToHexStringLower(SHA256.HashData(text))};overwrite={options.Overwrite};dry-run={options.DryRun}";
}

/// <summary>Answer of <c>POST /jobs</c>.</summary>
public sealed record SubmitJobResponse(string JobId, bool Resumed);

/// <summary>Any 4xx/5xx answer: the one-line message the CLI prints after <c>✗</c>.</summary>
public sealed record ApiError(string Error);
