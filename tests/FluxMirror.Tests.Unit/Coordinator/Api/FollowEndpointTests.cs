using System.Net;
using System.Net.Http.Json;
using Akka.Actor;
using Akka.Hosting;
using FluxMirror.Coordinator.Api;
using FluxMirror.Protocol.Api;
using FluxMirror.Protocol.Routing;
using FluxMirror.Tests.Unit.Actors.JobManagement;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FluxMirror.Tests.Unit.Coordinator.Api;

/// <summary><c>GET /jobs/{id}/events</c> in front of a job manager whose follower book is full.</summary>
public sealed class FollowEndpointTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_follow_past_the_follower_cap_is_answered_429_with_the_refusal()
    {
        var system = ActorSystem.Create("api", "akka.loglevel = ERROR\nakka.stdout-loglevel = OFF");
        try
        {
            var registry = ActorRegistry.For(system);
            registry.Register<JobManager>(system.ActorOf(Props.Create(() => new JobManagerClientFollowTests.RefusingManager())));
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Services.AddSingleton(system).AddSingleton(registry);
            await using var app = builder.Build();
            app.MapJobApi();
            await app.StartAsync(Ct);
            using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };

            using var response = await http.GetAsync("jobs/job-1/events", Ct);

            Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
            var error = await response.Content.ReadFromJsonAsync<ApiError>(Ct);
            Assert.Equal("job job-1 already has 16 followers; follow it again once one of them has ended", error?.Error);
        }
        finally
        {
            await system.Terminate();
        }
    }
}
