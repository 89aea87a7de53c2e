using Akka.Actor;
using Akka.Persistence;
using Akka.Persistence.Snapshot;
using FluxMirror.Actors.Jobs;
using FluxMirror.Domain.Mirroring;
using FluxMirror.Protocol.Messages;

namespace FluxMirror.Tests.Unit.Actors.Jobs;

/// <summary>
/// <c>job show</c> and the replay of a finished job read its journal through <see cref="JobJournalReader"/>. A replay
/// that fails must fail the caller with the reason at once (it used to leave it to its 30 s timeout, then a bare 500),
/// and a caller that gives up must not leave the replay running (a retrying client stacked replays of a large job).
/// </summary>
public sealed class JobJournalReaderTests : IAsyncLifetime
{
    private static readonly JobSummary Job = new(new JobSubmitted("job-1", "d", "c", new JobOptions(), 1, DateTimeOffset.UnixEpoch), null);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly ActorSystem _system = ActorSystem.Create("reader", """
        akka.loglevel = WARNING
        akka.stdout-loglevel = OFF
        akka.log-dead-letters = off
        akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
        akka.persistence.snapshot-store.plugin = "scripted-snapshot-store"
        scripted-snapshot-store.class = "FluxMirror.Tests.Unit.Actors.Jobs.JobJournalReaderTests+ScriptedSnapshotStore, FluxMirror.Tests.Unit"
        """);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_replay_that_fails_fails_the_caller_with_the_reason_before_its_timeout()
    {
        ScriptedSnapshotStore.Load = () => Task.FromException<SelectedSnapshot?>(new InvalidOperationException("the disk went away"));

        var failed = await Assert.ThrowsAsync<JobJournalUnreadableException>(() => JobJournalReader.ReadStateAsync(_system, Job, Patience, Ct));

        Assert.Equal("the journal of job job-1 could not be read (InvalidOperationException)", failed.Message);
    }

    [Fact]
    public async Task A_caller_that_gives_up_stops_the_replay()
    {
        var never = new TaskCompletionSource<SelectedSnapshot?>();
        ScriptedSnapshotStore.Load = () => never.Task;

        await Assert.ThrowsAsync<TimeoutException>(() => JobJournalReader.ReadStateAsync(_system, Job, TimeSpan.FromMilliseconds(200), Ct));

        await WaitUntilAsync(async () => (await ReadersAsync()).Count == 0);
    }

    [Fact]
    public async Task A_replay_that_succeeds_returns_the_state_and_stops()
    {
        ScriptedSnapshotStore.Load = () => Task.FromResult<SelectedSnapshot?>(null);

        var state = await JobJournalReader.ReadStateAsync(_system, Job, Patience, Ct);

        Assert.Equal(0, state.TagsDone);
        await WaitUntilAsync(async () => (await ReadersAsync()).Count == 0);
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _system.Terminate();

    private async Task<IReadOnlyList<IActorRef>> ReadersAsync()
    {
        var identity = await _system.ActorSelection("/user/*").Ask<ActorIdentity>(new Identify(1), TimeSpan.FromSeconds(1), Ct)
            .ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : null, TaskScheduler.Default);
        return identity?.Subject is { } subject ? [subject] : [];
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(Patience);
        while (!await condition())
        {
            await Task.Delay(50, deadline.Token);
        }
    }

    /// <summary>A snapshot store whose load does what the test says: fail, never answer, or find nothing.</summary>
    public sealed class ScriptedSnapshotStore : SnapshotStore
    {
        public static Func<Task<SelectedSnapshot?>> Load { get; set; } = () => Task.FromResult<SelectedSnapshot?>(null);

        protected override Task<SelectedSnapshot?> LoadAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken) => Load();

        protected override Task SaveAsync(SnapshotMetadata metadata, object snapshot, CancellationToken cancellationToken) => Task.CompletedTask;

        protected override Task DeleteAsync(SnapshotMetadata metadata, CancellationToken cancellationToken) => Task.CompletedTask;

        protected override Task DeleteAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
