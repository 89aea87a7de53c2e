using FluxMirror.Actors.Jobs;
using FluxMirror.Domain.Reporting;
using FluxMirror.Protocol.Messages;

namespace FluxMirror.Coordinator.Output;

/// <summary>Default text mode: one ✓/✗ line and a → line per finished tag (completion order), a ✗ line per plan failure.</summary>
public sealed class TextObserver(TextWriter stdout, ProgressSpinner? spinner) : IJobObserver
{
    public void OnRecovered(JobRecovered recovered)
    {
    }

    public void OnPlanned(EntryPlanned planned)
    {
        if (planned.Plan.PlanError is { } error)
        {
            Print($"✗ {TerminalText.Escape(planned.Plan.Entry.Label)} — plan failed: {TerminalText.Escape(error)}");
        }
    }

    public void OnRow(TagRowFinished row)
    {
        var tag = TerminalText.Escape($"{row.Entry.Label}:{row.Copy.Tag}");
        var head = row.Row.Status == TagStatus.Failed
            ? $"✗ {tag} — {TerminalText.Escape(row.Row.Error ?? "")}"
            : $"✓ {tag} ({row.Row.Status.ToWire()})";
        Print(head + Environment.NewLine + $"  → {TerminalText.Escape(row.Copy.DestinationRef)}");
    }

    public void OnProgress(JobProgress progress) => spinner?.Update(progress);

    private void Print(string text)
    {
        spinner?.Pause();
        stdout.WriteLine(text);
        stdout.Flush();
        spinner?.Resume();
    }
}

/// <summary>Structured modes print only the final report; nothing live.</summary>
public sealed class SilentObserver : IJobObserver
{
    public void OnRecovered(JobRecovered recovered)
    {
    }

    public void OnPlanned(EntryPlanned planned)
    {
    }

    public void OnRow(TagRowFinished row)
    {
    }

    public void OnProgress(JobProgress progress)
    {
    }
}
