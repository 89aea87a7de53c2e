using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using FluxMirror.Domain.Mirroring;

namespace FluxMirror.Protocol.Api;

/// <summary>Body of <c>POST /jobs</c>: the config text as written plus the job's flags.</summary>
/// <param name="ConfigDigest">Ignored: kept so older clients' bodies still bind. The server computes a job's identity
/// itself from <paramref name="Config"/> and <paramref name="Options"/> (<see cref="ServerDigest"/>), so no client can
/// attach its run to another config's job.</param>
public sealed record SubmitJobRequest(string Config, string? Source = null, JobOptions? Options = null, bool NoEnvSubst = false, bool Fresh = false, string? ConfigDigest = null)
{
    /// <summary>Largest request body the coordinator reads: the config loader's own limit.</summary>
    public const long MaxBodyBytes = Domain.Config.ConfigSource.MaxBytes;

    [JsonIgnore]
    public JobOptions EffectiveOptions => Options ?? new JobOptions();

    /// <summary>The identity the server resumes by, from the submitted text and options only.</summary>
    [JsonIgnore]
    public string ServerDigest => DigestOf(Encoding.UTF8.GetBytes(Config), EffectiveOptions);

    /// <summary>The same identity the embedded mode uses: the text's sha256 plus the flags that change the outcome.</summary>
    public static string DigestOf(byte[] text, JobOptions options) =>
        $"sha256:{Convert.ToHexStringLower(SHA256.HashData(text))}" + options.IdentitySuffix;
}

/// <summary>Answer of <c>POST /jobs</c>.</summary>
public sealed record SubmitJobResponse(string JobId, bool Resumed);

/// <summary>Answer of <c>POST /jobs/{id}/cancel</c>; <paramref name="AlreadyEnding"/> when it was cancelled or finishing already.</summary>
public sealed record CancelJobResponse(string JobId, bool AlreadyEnding);

/// <summary>Any 4xx/5xx answer: the one-line message the CLI prints after <c>✗</c>.</summary>
public sealed record ApiError(string Error);
