namespace FluxMirror.TestSupport.Cluster;

/// <summary>AwaitAssert for async conditions: re-checks on a short period until true or the deadline passes.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        using var period = new PeriodicTimer(TimeSpan.FromMilliseconds(200));
        try
        {
            while (!await condition())
            {
                await period.WaitForNextTickAsync(deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            Assert.Fail($"timed out after {timeout.TotalSeconds:0}s waiting for {what}");
        }
    }
}
