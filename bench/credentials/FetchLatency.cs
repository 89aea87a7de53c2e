using System.Diagnostics;
using System.Net;
using FluxMirror.Registry.Credentials.Tokens;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FluxMirror.Bench.Credentials;

/// <summary>
/// Wall-clock cost of one token fetch through the production <c>github</c> provider (request, bounded read, JSON,
/// exp check) against an Actions-shaped OIDC endpoint on loopback: the floor under any real provider's network time.
/// </summary>
internal static class FetchLatency
{
    public static async Task<(double P50, double P99, double Max)> MeasureAsync(int samples)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        await using var app = builder.Build();
        app.MapGet("/token", () => Results.Text($$"""{"value":"{{UnsignedJwt.Expiring(DateTimeOffset.UtcNow.AddMinutes(5))}}"}""", "application/json"));
        await app.StartAsync();
        var url = app.Urls.First() + "/token?api-version=2.0";

        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        var env = new Dictionary<string, string?>
        {
            [GitHubOidcTokens.RequestUrlVariable] = url,
            [GitHubOidcTokens.RequestTokenVariable] = "bench-request-token",
        };
        var tokens = new GitHubOidcTokens(http, name => env.GetValueOrDefault(name));

        // Warm-up: JIT and the first connection are not what a long run pays per fetch.
        for (var i = 0; i < 20; i++)
        {
            await tokens.MintAsync("registry.example", CancellationToken.None);
        }

        var times = new double[samples];
        for (var i = 0; i < samples; i++)
        {
            var watch = Stopwatch.StartNew();
            var source = tokens.SourceFor("registry.example", "registry.example");
            await source.ResolveAsync(CancellationToken.None);
            times[i] = watch.Elapsed.TotalMilliseconds;
        }

        await app.StopAsync();
        Array.Sort(times);
        return (times[samples / 2], times[(int)Math.Min(samples - 1, Math.Ceiling(samples * 0.99) - 1)], times[^1]);
    }
}
