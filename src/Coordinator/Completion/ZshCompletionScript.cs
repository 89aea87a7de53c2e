namespace FluxMirror.Coordinator.Completion;

/// <summary><c>flux-mirror completion zsh</c>: asks the binary's <c>__complete</c> (with descriptions), as the bash script does.</summary>
internal static class ZshCompletionScript
{
    public const string Text = """
        #compdef flux-mirror
        # zsh completion for flux-mirror. Load in the current shell:  source <(flux-mirror completion zsh)
        # or install as _flux-mirror in a directory of $fpath.

        _flux-mirror() {
            local -a args lines candidates
            local out directive line value desc
            args=("${(@)words[2,CURRENT]}")
            out="$(${words[1]} __complete "${args[@]}" 2>/dev/null)" || return 1
            lines=("${(@f)out}")
            directive="${lines[-1]#:}"
            lines=("${(@)lines[1,-2]}")
            [[ "$directive" == <-> ]] || directive=0
            (( directive & 1 )) && return 1

            if (( directive & 16 )); then
                _files -/
                return
            fi
            if (( directive & 8 )); then
                local exts="${(j:|:)lines}"
                _files -g "*.(${exts})"
                return
            fi

            for line in "${lines[@]}"; do
                [[ -z "$line" ]] && continue
                value="${line%%$'\t'*}"
                desc=""
                [[ "$line" == *$'\t'* ]] && desc="${line#*$'\t'}"
                # _describe splits on the first unescaped colon.
                value="${value//:/\\:}"
                candidates+=("${value}${desc:+:$desc}")
            done

            local -a opts
            (( directive & 2 )) && opts+=(-S '')
            (( directive & 32 )) && opts+=(-V)
            if (( ${#candidates} > 0 )); then
                _describe -t flux-mirror 'flux-mirror' candidates "${opts[@]}"
                return
            fi
            (( directive & 4 )) || _files
        }

        if [[ "${funcstack[1]}" == "_flux-mirror" ]]; then
            _flux-mirror "$@"
        else
            compdef _flux-mirror flux-mirror
        fi

        """;
}
