namespace FluxMirror.Coordinator.Completion;

/// <summary><c>flux-mirror completion powershell</c>: a native argument completer asking the binary's <c>__complete</c>.</summary>
internal static class PowerShellCompletionScript
{
    public const string Text = """
        # powershell completion for flux-mirror.
        # Load in the current session:  flux-mirror completion powershell | Out-String | Invoke-Expression

        Register-ArgumentCompleter -Native -CommandName 'flux-mirror' -ScriptBlock {
            param($WordToComplete, $CommandAst, $CursorPosition)

            $elements = @($CommandAst.CommandElements | Where-Object { $_.Extent.StartOffset -lt $CursorPosition })
            $program = $elements[0].ToString()
            $words = @($elements | Select-Object -Skip 1 | ForEach-Object { $_.ToString() })
            if ($WordToComplete -eq '') {
                # Before PowerShell 7.3 an empty argument is dropped on the way to a native program.
                if ($PSVersionTable.PSVersion -lt [version]'7.3') { $words += '""' } else { $words += '' }
            } elseif ($words.Count -gt 0 -and $words[-1] -eq $WordToComplete) {
                # The partial word is already the last element.
            } else {
                $words += $WordToComplete
            }

            $out = @(& $program __complete @words 2>$null)
            if ($out.Count -eq 0) { return }
            $directive = 0
            if ($out[-1] -match '^:(\d+)$') { $directive = [int]$Matches[1] }
            $lines = @($out | Select-Object -SkipLast 1)
            if ($directive -band 1) { return }
            if (($directive -band 8) -or ($directive -band 16)) { return }

            foreach ($line in $lines) {
                if ($line -eq '') { continue }
                $parts = $line -split "`t", 2
                $value = $parts[0]
                $description = if ($parts.Count -gt 1 -and $parts[1] -ne '') { $parts[1] } else { $value }
                if ($value -like "$WordToComplete*") {
                    [System.Management.Automation.CompletionResult]::new($value, $value, 'ParameterValue', $description)
                }
            }
        }

        """;
}
