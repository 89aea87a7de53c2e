namespace FluxMirror.Coordinator.Completion;

/// <summary><c>flux-mirror completion fish</c>: asks the binary's <c>__complete</c>; fish shows the tab-separated descriptions itself.</summary>
internal static class FishCompletionScript
{
    public const string Text = """
        # fish completion for flux-mirror. Load in the current shell:  flux-mirror completion fish | source

        function __flux_mirror_complete
            set -l tokens (commandline -opc)
            set -l current (commandline -ct)
            set -l out ($tokens[1] __complete $tokens[2..-1] "$current" 2>/dev/null)
            or return
            set -l directive (string replace -r '^:' '' -- $out[-1])
            set -e out[-1]
            string match -qr '^[0-9]+$' -- $directive; or set directive 0
            if test (math "bitand($directive, 1)") -ne 0
                return
            end
            if test (math "bitand($directive, 16)") -ne 0
                __fish_complete_directories "$current"
                return
            end
            if test (math "bitand($directive, 8)") -ne 0
                for ext in $out
                    __fish_complete_suffix "$current" ".$ext"
                end
                return
            end
            if test (count $out) -gt 0
                printf '%s\n' $out
                return
            end
            if test (math "bitand($directive, 4)") -eq 0
                __fish_complete_path "$current"
            end
        end

        complete -c flux-mirror -f -a '(__flux_mirror_complete)'

        """;
}
