using FluxMirror.Coordinator.Cli;
using FluxMirror.Domain.Config;
using FluxMirror.Domain.GoCompat;
using FluxMirror.Domain.Logins;
using FluxMirror.Domain.Reporting;
using FluxMirror.Registry.Credentials;
using FluxMirror.Registry.Model;

namespace FluxMirror.Coordinator.Commands;

/// <summary>
/// <c>flux-mirror login</c>: resolves each selected host's credential once, as sync would present it, and stores it
/// in the Docker config the way <c>docker login</c> does. Hosts are done in order and each store is one atomic write:
/// when a host fails, the hosts before it stay stored and the error names the failing host; later hosts are not tried.
/// </summary>
public static class LoginCommand
{
    public static readonly Flag Config = new("config", 'f', FlagKind.String, string.Empty, "Path to the flux-mirror config, or - for stdin (default $FLUX_MIRROR_CONFIG, else <executable>.config)");
    public static readonly Flag Host = new("host", null, FlagKind.StringList, string.Empty, "Registry host from the config to log in. Repeatable; defaults to all hosts.");
    public static readonly Flag DockerConfig = new("docker-config", null, FlagKind.String, string.Empty, "Docker config directory, like docker --config (default $DOCKER_CONFIG, else ~/.docker)");
    public static readonly Flag Plaintext = new("plaintext", null, FlagKind.Bool, "false", "Store the credential base64-encoded in config.json, bypassing any OS keychain credential helper.");

    public static CommandSpec Spec(CliConsole console) => new(
        "login",
        "login [flags]",
        "Store the credentials configured under hosts in the Docker config",
        "Resolve the credentials configured under hosts and store them in the Docker config, the same way\n" +
        "docker login does. It mints the same credentials flux-mirror sync would attach, but once, so any tool that\n" +
        "reads the Docker config (docker, crane, flux push artifact, helm) can then authenticate as those identities.\n\n" +
        "The config is -f/--config ('-' reads stdin), else $FLUX_MIRROR_CONFIG, else <executable>.config; only its hosts\n" +
        "section is read. A configured (credsStore/credHelpers) or, on a fresh config, auto-detected credential helper\n" +
        "keeps the secret; otherwise, or with --plaintext, it is a base64 entry in config.json. A credential host\n" +
        "without username is a bearer registrytoken, always written to config.json. TLS-only hosts are skipped.",
        [Config, Host, DockerConfig, Plaintext, GlobalFlags.NoEnvSubst],
        0,
        (args, ct) => RunAsync(args, console, ct));

    private static async Task<int> RunAsync(ParsedArgs args, CliConsole console, CancellationToken ct)
    {
        var timeout = GlobalFlags.OperationTimeout(args);
        var config = ConfigResolver.LoadForHosts(args.String(Config.Name), args.Bool(GlobalFlags.NoEnvSubst.Name), console.OpenStdin);
        var hosts = HostSelection.Select(config, args.Strings(Host.Name));

        // One bound for the whole command, as the reference's context: token mints, helper runs and writes share it.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        var store = await OpenStoreAsync(args, timeout, deadline.Token, ct);
        foreach (var host in hosts)
        {
            var login = await ResolveAsync(host, timeout, deadline.Token, ct);
            if (login is null)
            {
                await console.Stdout.WriteLineAsync($"• skipping {TerminalText.Escape(host.Host)}: no credential configured (TLS-only host)");
                continue;
            }

            var outcome = await StoreAsync(store, login, timeout, deadline.Token, ct);
            await console.Stdout.WriteLineAsync(outcome.Helper is { } helper
                ? $"✔ stored credential for {TerminalText.Escape(host.Host)} via the \"{TerminalText.Escape(helper)}\" credential helper"
                : $"✔ stored credential for {TerminalText.Escape(host.Host)} in {TerminalText.Escape(outcome.ConfigFile)}");
        }

        await console.Stdout.FlushAsync(ct);
        return 0;
    }

    private static async Task<DockerCredentialStore> OpenStoreAsync(ParsedArgs args, TimeSpan timeout, CancellationToken deadline, CancellationToken ct)
    {
        var directory = args.String(DockerConfig.Name);
        try
        {
            return await DockerCredentialStore.OpenAsync(directory.Length > 0 ? directory : null, args.Bool(Plaintext.Name), deadline);
        }
        catch (CredentialException ex)
        {
            throw new CliException(ex.Message);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new CliException($"load docker config: {DeadlineExceeded(timeout)}");
        }
    }

    private static async Task<HostLogin?> ResolveAsync(HostEntry host, TimeSpan timeout, CancellationToken deadline, CancellationToken ct)
    {
        try
        {
            return await HostLoginResolver.ResolveAsync(host, deadline);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new CliException($"host {GoQuote.Quote(host.Host)}: {DeadlineExceeded(timeout)}");
        }
    }

    private static async Task<DockerStoreOutcome> StoreAsync(DockerCredentialStore store, HostLogin login, TimeSpan timeout, CancellationToken deadline, CancellationToken ct)
    {
        try
        {
            return login.IsRegistryToken
                ? await store.StoreRegistryTokenAsync(login.Host, login.RegistryToken!, deadline)
                : await store.StoreBasicAsync(login.Host, login.Username!, login.Password ?? string.Empty, deadline);
        }
        catch (CredentialException ex)
        {
            throw new CliException($"store docker credential for {GoQuote.Quote(login.Host)}: {ex.Message}");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new CliException($"store docker credential for {GoQuote.Quote(login.Host)}: {DeadlineExceeded(timeout)}");
        }
    }

    // Go's wording for an expired context, with the flag that set it so the user knows what to raise.
    private static string DeadlineExceeded(TimeSpan timeout) => $"context deadline exceeded (--timeout {GoDuration.Format(timeout)})";
}
