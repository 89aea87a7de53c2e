using FluxMirror.Actors.BlobLedger;

namespace FluxMirror.Actors.Jobs;

/// <summary>Short, sortable, URL- and actor-name-safe job ids.</summary>
public static class JobIds
{
    /// <summary>The journal of a job's coordinator: its plans, rows and snapshots.</summary>
    public static string PersistenceId(string jobId) => "job-" + jobId;

    /// <summary>Every journal a job writes, deleted together once the job has been finished longer than the retention.</summary>
    public static IReadOnlyList<string> PersistenceIdsOf(string jobId) => [PersistenceId(jobId), BlobLedgerActor.PersistenceIdOf(jobId)];

    public static string New() => DateTimeOffset.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..8];
}
