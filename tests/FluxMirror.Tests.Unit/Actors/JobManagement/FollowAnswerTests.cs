using FluxMirror.Protocol.Messages;
using static FluxMirror.Tests.Unit.Actors.JobManagement.HubHarness;

namespace FluxMirror.Tests.Unit.Actors.JobManagement;

/// <summary>
/// The coordinator's event stream takes a follow without an answer for a lost one (its job manager's node died with
/// it), so a live job must answer a follow at once, even before its first entry is planned.
/// </summary>
public sealed class FollowAnswerTests
{
    [Fact]
    public async Task A_job_that_has_planned_nothing_yet_answers_a_follow_at_once_with_its_progress()
    {
        await using var harness = Start(entries: 3);

        var answer = await harness.Follow().Received.ReadAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(Patience, TestContext.Current.CancellationToken);

        Assert.Equal(new JobProgress(JobId, EntriesDone: 0, EntriesTotal: 3, TagsDone: 0, TagsTotal: 0, BytesUploaded: 0), answer);
    }
}
