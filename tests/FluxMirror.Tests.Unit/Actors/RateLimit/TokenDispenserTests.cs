using FluxMirror.Actors.RateLimit;

namespace FluxMirror.Tests.Unit.Actors.RateLimit;

public sealed class TokenDispenserTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_gate_gets_at_most_one_batch_per_turn()
    {
        var dispenser = TokenDispenser.Create<string>(100, T0).Request("a", 50);

        var (next, grants, nextIn) = dispenser.Dispense(T0);

        Assert.Equal([new TokenGrant<string>("a", 10)], grants);
        Assert.Empty(next.Waiting);
        Assert.Null(nextIn);
    }

    [Fact]
    public void An_empty_bucket_grants_nothing_and_says_when_the_first_batch_is_due()
    {
        var dispenser = TokenDispenser.Create<string>(20, T0);
        (dispenser, _, _) = dispenser.Request("a", 100).Dispense(T0);
        (dispenser, _, _) = dispenser.Request("a", 100).Dispense(T0);
        // 20 tokens of burst in batches of 2: ten turns empty the bucket.
        for (var i = 0; i < 8; i++)
        {
            (dispenser, _, _) = dispenser.Request("a", 100).Dispense(T0);
        }

        var (after, grants, nextIn) = dispenser.Request("b", 5).Dispense(T0);

        Assert.Empty(grants);
        Assert.Equal(TimeSpan.FromMilliseconds(100), nextIn);
        Assert.Equal([new TokenGrant<string>("b", 2)], after.Dispense(T0 + nextIn!.Value).Grants);
    }

    [Fact]
    public void Asking_again_while_queued_keeps_one_place_in_the_queue()
    {
        var dispenser = TokenDispenser.Create<string>(1, T0);
        (dispenser, _, _) = dispenser.Request("a", 1).Dispense(T0);

        var queued = dispenser.Request("b", 1).Request("c", 1).Request("b", 3);

        Assert.Equal([new TokenDemand<string>("b", 3), new TokenDemand<string>("c", 1)], queued.Waiting);
        Assert.Equal([new TokenDemand<string>("c", 1)], queued.Forget("b").Waiting);
    }

    [Fact]
    public void Gates_that_always_want_more_share_the_rate_evenly_and_in_total_stay_within_it()
    {
        const double rate = 50;
        var dispenser = TokenDispenser.Create<string>(rate, T0).Request("a", 1000).Request("b", 1000);
        var got = new Dictionary<string, int> { ["a"] = 0, ["b"] = 0 };
        var now = T0;
        while (now < T0 + TimeSpan.FromSeconds(10))
        {
            (dispenser, var grants, var nextIn) = dispenser.Dispense(now);
            foreach (var grant in grants)
            {
                got[grant.Gate] += grant.Count;
                dispenser = dispenser.Request(grant.Gate, 1000); // spends them at once and asks again
            }

            now += nextIn ?? TimeSpan.FromMilliseconds(10);
        }

        var total = got["a"] + got["b"];
        Assert.InRange(total, (rate * 10) + rate - 10, (rate * 10) + rate);
        Assert.InRange(got["a"] - got["b"], -5, 5);
    }
}
