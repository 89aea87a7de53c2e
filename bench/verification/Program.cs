using System.Diagnostics;
using System.Globalization;
using System.Text;
using FluxMirror.Domain.Config;
using FluxMirror.Domain.Signatures.Cosign;
using FluxMirror.Registry.Model;
using FluxMirror.Registry.Protocol;
using FluxMirror.TestSupport.Infrastructure;
using FluxMirror.TestSupport.Sigstore;

// Benchmark: how long verifying one tag's signature takes at plan time, the cost `verify` adds per tag. N images are
// pushed to a real docker-registry, each signed by a private Sigstore with its bundle attached as a referrer
// (fallback tag, as on distribution 2.8); then each tag is verified in turn as the planner does (resolve, referrers,
// bundle blob, Sigstore verification, identity). Prints the first (cold: trusted root parsed, JIT) and the median,
// p95 and max of the rest. Usage: bench/verification.sh [TAGS=100]
const string Issuer = "https://issuer.example";
const string Signer = "https://ci.example/org/app";
var tags = args.Length > 0 ? int.Parse(args[0][(args[0].IndexOf('=') + 1)..], CultureInfo.InvariantCulture) : 100;
var ct = CancellationToken.None;

await using var registry = await RegistryProcess.StartAsync(ct: ct);
using var seeder = new RegistrySeeder(registry);
using var sigstore = PrivateSigstore.Create();
for (var i = 0; i < tags; i++)
{
    var image = await seeder.PushImageAsync("bench/app", $"1.0.{i}", seed: Encoding.UTF8.GetBytes($"image {i}"), ct: ct);
    var bundle = sigstore.SignDigest(image.Digest, Signer, Issuer, new SignOptions { IntegratedTime = DateTimeOffset.UtcNow.AddDays(-3) });
    await PrivateSigstore.PushBundleReferrerAsync(seeder, "bench/app", image.Digest, bundle, ct);
}

using var client = new RegistryClient(new RegistryClientOptions { Insecure = true });
using var http = new HttpClient();
var spec = new VerifySpec(VerifySpec.ProviderCosign, [new OidcIdentity(Issuer, "^https://ci\\.example/org/")], TimeSpan.FromHours(48));
var verifier = CosignVerifiers.Create(spec, client, TrustedRootSources.From(new SigstoreOptions(sigstore.TrustedRootJson), http, TimeProvider.System), TimeProvider.System);
var source = RepositoryRef.Parse($"{registry.Host}/bench/app");

var times = new List<double>(tags);
for (var i = 0; i < tags; i++)
{
    var watch = Stopwatch.StartNew();
    await verifier.VerifyAsync(source, $"1.0.{i}", ct);
    times.Add(watch.Elapsed.TotalMilliseconds);
}

var warm = times.Skip(1).Order().ToList();
string Ms(double value) => value.ToString("0.0", CultureInfo.InvariantCulture) + " ms";
Console.WriteLine($"{tags} tags verified, {Environment.ProcessorCount} cores, load average {ProcFiles.LoadAverageOneMinute()}");
Console.WriteLine($"first (cold): {Ms(times[0])}");
if (warm.Count > 0)
{
    Console.WriteLine($"per tag after it: median {Ms(warm[warm.Count / 2])}, p95 {Ms(warm[(int)Math.Min(warm.Count - 1, Math.Ceiling(warm.Count * 0.95) - 1)])}, max {Ms(warm[^1])}");
}
