using FluxMirror.Domain.GoCompat;
using FluxMirror.Domain.Reporting;

namespace FluxMirror.Coordinator.Output;

/// <summary>The closing <c>Summary: …</c> line: non-zero counts in the reference's order, then the wall time.</summary>
public static class SummaryLine
{
    public static string Format(ReportSummary s, TimeSpan wall)
    {
        var parts = new List<string>();
        void Add(int n, string label)
        {
            if (n > 0)
            {
                parts.Add($"{n} {label}");
            }
        }

        Add(s.Copied, "copied");
        Add(s.Overwritten, "overwritten");
        Add(s.Skipped, "skipped");
        Add(s.Drifted, "drifted");
        Add(s.WouldCopy, "would-copy");
        Add(s.WouldOverwrite, "would-overwrite");
        Add(s.Failed, "failed");
        var duration = GoDuration.Format(TimeSpan.FromMilliseconds(Math.Round(wall.TotalMilliseconds)));
        return parts.Count == 0 ? $"Summary: nothing to mirror in {duration}." : $"Summary: {string.Join(", ", parts)} in {duration}.";
    }
}
