using Akka.Actor;
using FluxMirror.Actors.JobManagement;

namespace FluxMirror.Tests.Unit.Actors.JobManagement;

public sealed class FollowerBookTests : IAsyncDisposable
{
    private readonly ActorSystem _system = ActorSystem.Create("followers", "akka.loglevel = ERROR\nakka.stdout-loglevel = OFF");

    public async ValueTask DisposeAsync() => await _system.Terminate();

    [Fact]
    public void Follows_past_the_per_job_cap_are_refused_until_a_follower_ends()
    {
        var (a, b, c) = (Follower(), Follower(), Follower());
        var book = FollowerBook.Empty(new FollowerLimits(PerJob: 2, Total: 10)).Add(a, "job-1").Add(b, "job-1");

        Assert.Equal("job job-1 already has 2 followers; follow it again once one of them has ended", book.Refusal(c, "job-1"));
        Assert.Null(book.Refusal(c, "job-2"));
        Assert.Null(book.Refusal(a, "job-1"));
        Assert.Null(book.Remove(a).Refusal(c, "job-1"));
    }

    [Fact]
    public void Follows_past_the_total_cap_are_refused_for_any_job()
    {
        var book = FollowerBook.Empty(new FollowerLimits(PerJob: 2, Total: 3)).Add(Follower(), "job-1").Add(Follower(), "job-2").Add(Follower(), "job-3");

        Assert.Equal("the coordinator already serves 3 followers; follow job job-4 again once one of them has ended", book.Refusal(Follower(), "job-4"));
    }

    private IActorRef Follower() => _system.ActorOf(Props.Empty);
}
