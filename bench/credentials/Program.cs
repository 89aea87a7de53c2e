using System.Globalization;
using FluxMirror.Bench.Credentials;

// Part 1: fetch counts over one simulated hour (exact, no wall clock involved).
Console.WriteLine($"one simulated hour, a registry request every {SimulatedHour.Interval.TotalMilliseconds:0} ms");
Console.WriteLine($"{"credential",-42} {"lifetime",10} {"requests",9} {"fetches",8}");
foreach (var (kind, lifetime, requests, fetches) in SimulatedHour.Run())
{
    Console.WriteLine($"{kind,-42} {lifetime,10:g} {requests,9} {fetches,8}");
}

// Part 2: wall-clock latency of one token fetch over loopback HTTP (GitHub Actions OIDC wire shape).
var samples = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 500;
var latency = await FetchLatency.MeasureAsync(samples);
Console.WriteLine($"token fetch over loopback HTTP, {samples} fetches: p50 {latency.P50:0.00} ms, p99 {latency.P99:0.00} ms, max {latency.Max:0.00} ms");
