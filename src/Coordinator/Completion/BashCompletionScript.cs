namespace FluxMirror.Coordinator.Completion;

/// <summary>
/// <c>flux-mirror completion bash</c>. The script asks the binary (<c>__completeNoDesc</c>, cobra's protocol) rather
/// than carrying a copy of the command tree, so it never goes stale after an upgrade. Works without the
/// bash-completion package: the words are taken from COMP_LINE so <c>--flag=value</c> arrives as one word.
/// </summary>
internal static class BashCompletionScript
{
    public const string Text = """
        # bash completion for flux-mirror                          -*- shell-script -*-
        # Load in the current shell:  source <(flux-mirror completion bash)
        # It asks the binary itself: flux-mirror __completeNoDesc WORDS... PARTIAL, whose last output line is
        # :DIRECTIVE (cobra's values: 1 error, 2 no space, 4 no file completion, 8 filter by extension,
        # 16 directories only, 32 keep order).

        __flux_mirror_complete() {
            local line="${COMP_LINE:0:COMP_POINT}"
            local -a words
            read -r -a words <<< "$line"
            # A trailing blank means a new, empty word is being completed.
            if [[ -z "$line" || "$line" == *[[:space:]] ]]; then
                words+=("")
            fi
            local cur="${words[${#words[@]}-1]}"
            local program="${words[0]}"

            local out directive
            out=$("$program" __completeNoDesc "${words[@]:1}" 2>/dev/null) || return 0
            directive="${out##*:}"
            out="${out%:*}"
            [[ "$directive" =~ ^[0-9]+$ ]] || directive=0
            (( directive & 1 )) && return 0

            local -a candidates=()
            local c
            while IFS= read -r c; do
                [[ -n "$c" ]] && candidates+=("$c")
            done <<< "$out"

            (( directive & 2 )) && compopt -o nospace 2>/dev/null
            (( directive & 32 )) && compopt -o nosort 2>/dev/null
            if (( directive & 4 )); then
                compopt +o default 2>/dev/null
            fi

            if (( directive & 16 )); then
                compopt -o filenames 2>/dev/null
                mapfile -t COMPREPLY < <(compgen -d -- "$cur")
                return 0
            fi
            if (( directive & 8 )); then
                compopt -o filenames 2>/dev/null
                COMPREPLY=()
                local ext
                for ext in "${candidates[@]}"; do
                    mapfile -t -O "${#COMPREPLY[@]}" COMPREPLY < <(compgen -f -X "!*.${ext}" -- "$cur")
                done
                mapfile -t -O "${#COMPREPLY[@]}" COMPREPLY < <(compgen -d -- "$cur")
                return 0
            fi

            # Bash replaces only the part of the word after its last break character (= and : by default),
            # so that part is cut off the candidates.
            local keep="" i
            for (( i = ${#cur} - 1; i >= 0; i-- )); do
                if [[ "${cur:i:1}" == [=:] && "$COMP_WORDBREAKS" == *"${cur:i:1}"* ]]; then
                    keep="${cur:0:i+1}"
                    break
                fi
            done
            COMPREPLY=()
            for c in "${candidates[@]}"; do
                if [[ "$c" == "$cur"* ]]; then
                    COMPREPLY+=("${c#"$keep"}")
                fi
            done
        }

        complete -o default -F __flux_mirror_complete flux-mirror

        """;
}
