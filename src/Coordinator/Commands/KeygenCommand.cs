using FluxMirror.Coordinator.Cli;
using FluxMirror.Domain.Keygen;

namespace FluxMirror.Coordinator.Commands;

/// <summary><c>flux-mirror keygen [-o DIR]</c>: an Ed25519 JWK pair for <c>hosts[].credential.jwkPath</c>.</summary>
public static class KeygenCommand
{
    public static readonly Flag OutputDir = new("output-dir", 'o', FlagKind.String, ".", "path to output directory (defaults to current directory)") { ValueCompletion = ShellCompDirective.FilterDirs };

    public static CommandSpec Spec(CliConsole console) => new(
        "keygen",
        "keygen [flags]",
        "Generate an EdDSA JWK pair (pubkey.json, privkey.json) for signing",
        """
        Generate an EdDSA (Ed25519) JSON Web Key pair and write it to a directory as
        pubkey.json (the public JWK set, mode 0644) and privkey.json (the private JWK set,
        mode 0600). Both keys share a UUIDv6 kid. The directory is created if it does not
        exist. The command errors without writing anything if either file already exists.
        Use privkey.json as hosts[].credential.jwkPath; give pubkey.json to the registry.
        """,
        [OutputDir],
        0,
        async (args, ct) =>
        {
            KeyPairFiles files;
            try
            {
                files = await SigningKeyPair.WriteAsync(args.String(OutputDir.Name), ct);
            }
            catch (KeygenException ex)
            {
                throw new CliException(ex.Message);
            }

            await console.Stdout.WriteLineAsync($"✔ private key set written to: {files.PrivatePath}");
            await console.Stdout.WriteLineAsync($"✔ public key set written to: {files.PublicPath}");
            return 0;
        })
    {
        TimeoutRefusal = GlobalFlags.WaitsForNothing,
    };
}
