using FluxMirror.Coordinator.Cli;
using FluxMirror.Coordinator.Kubernetes;
using FluxMirror.Domain.Config;
using FluxMirror.Domain.Logins;
using FluxMirror.Domain.Reporting;
using FluxMirror.Registry.Model;

namespace FluxMirror.Coordinator.Commands.Secret;

/// <summary>
/// <c>flux-mirror secret NAME</c> (the reference's <c>flux mirror secret</c>): resolve each selected host's credential
/// as sync would and upsert a <c>kubernetes.io/dockerconfigjson</c> Secret with them, or print it with <c>--export</c>.
/// </summary>
public static class SecretCommand
{
    private const string Long =
        "Resolve the credential configured under hosts for each selected\n" +
        "host and write them into a Kubernetes Secret of type\n" +
        "kubernetes.io/dockerconfigjson, the same shape 'kubectl create secret\n" +
        "docker-registry' produces.\n\n" +
        "By default the Secret is upserted: an existing Secret with the same name is\n" +
        "replaced in place, keeping its labels and annotations. This is the right\n" +
        "semantic for rotating pull Secrets from a CronJob. Pass --create to instead\n" +
        "fail if the Secret already exists, matching 'kubectl create secret\n" +
        "docker-registry'.\n\n" +
        "Every host under hosts is included unless narrowed with --host flags. The\n" +
        "config is read from --config, else $FLUX_MIRROR_CONFIG, else\n" +
        "<executable>.config\n" +
        "('-' reads the config from stdin). The cluster, namespace, and credentials are\n" +
        "resolved from the standard kubectl flags and env vars, working both with a local\n" +
        "kubeconfig and in-cluster.\n\n" +
        "--export prints the Secret as a YAML manifest on stdout instead, for\n" +
        "'kubectl apply -f -' or a GitOps repository, without contacting the cluster;\n" +
        "the namespace is written only when -n is given.\n\n" +
        "Examples:\n" +
        "  # Upsert a Secret for all hosts in the default config, in the current namespace\n" +
        "  flux-mirror secret regcreds\n\n" +
        "  # Fail if the Secret already exists, like 'kubectl create secret docker-registry'\n" +
        "  flux-mirror secret regcreds --create\n\n" +
        "  # Specific hosts, a specific namespace and kubeconfig context\n" +
        "  flux-mirror secret regcreds -n flux-system --context prod \\\n" +
        "    --host registry.example.com --host other.example.com -f ./flux-mirror.yaml\n\n" +
        "  # Print the manifest instead of writing it\n" +
        "  flux-mirror secret regcreds -n flux-system --export | kubectl apply -f -";

    public static CommandSpec Spec(CliConsole console, KubeAmbient ambient) => new(
        "secret",
        "secret <name> [flags]",
        "Create or replace a dockerconfigjson Secret with per-host credentials",
        Long,
        SecretFlags.All,
        // cobra.ExactArgs(1) is checked here, with its own message, not as a maximum.
        int.MaxValue,
        (args, ct) => RunAsync(args, console, ambient, ct));

    private static async Task<int> RunAsync(ParsedArgs args, CliConsole console, KubeAmbient ambient, CancellationToken ct)
    {
        if (args.Positionals.Count != 1)
        {
            throw new CliException($"accepts 1 arg(s), received {args.Positionals.Count}");
        }

        var name = args.Positionals[0];
        var export = args.Bool(SecretFlags.Export.Name);
        RefuseExportConflicts(args, export);
        var options = KubeConnectionOptions.From(args);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(GlobalFlags.OperationTimeout(args));

        var config = ConfigResolver.LoadForHosts(args.String(SecretFlags.Config.Name), args.Bool(GlobalFlags.NoEnvSubst.Name), console.OpenStdin);
        var hosts = HostSelection.Select(config, args.Strings(SecretFlags.Host.Name));

        // As the reference: a broken kubeconfig fails before any credential is minted.
        string? ns = options.Namespace;
        KubeClientSettings? settings = null;
        if (!export)
        {
            var connection = await Step("resolve namespace", () => KubeConnection.LoadAsync(options, ambient));
            ns = await Step("resolve namespace", () => Task.FromResult(connection.Namespace()));
            settings = await Step("build kubernetes client config", () => Task.FromResult(connection.ClientSettings()));
        }

        // With --export stdout is the manifest alone, so the skip lines go to stderr.
        var notes = export ? console.Stderr : console.Stdout;
        var logins = new List<HostLogin>();
        foreach (var host in hosts)
        {
            if (await Resolve(host, deadline.Token, ct) is { } login)
            {
                logins.Add(login);
            }
            else
            {
                await notes.WriteLineAsync($"• skipping {TerminalText.Escape(host.Host)}: no credential configured (TLS-only host)");
            }
        }

        if (logins.Count == 0)
        {
            // The reference would write {"auths":{}}: a Secret that silently authenticates nothing, and on replace
            // wipes the credentials a previous run stored. Refused instead.
            throw new CliException("no credential to write: every selected host is TLS-only (no credential or provider configured)");
        }

        var secret = DockerConfigSecret.For(name, ns, logins);
        if (export)
        {
            await console.Stdout.WriteAsync(SecretManifestYaml.Render(secret));
            await console.Stdout.FlushAsync(ct);
            return 0;
        }

        var created = await WriteAsync(settings!, secret, args.Bool(SecretFlags.Create.Name), deadline.Token, ct);
        await console.Stdout.WriteLineAsync($"✔ secret {TerminalText.Escape($"{ns}/{name}")} {(created ? "created" : "replaced")} with {secret.HostCount} host(s)");
        await console.Stdout.FlushAsync(ct);
        return 0;
    }

    private static void RefuseExportConflicts(ParsedArgs args, bool export)
    {
        if (!export)
        {
            return;
        }

        if (args.Bool(SecretFlags.Create.Name))
        {
            throw new CliException("--create cannot be used with --export: --export writes nothing to the cluster");
        }

        if (KubeConnectionOptions.ConnectionFlagsGiven(args).FirstOrDefault() is { } flag)
        {
            throw new CliException($"{flag} cannot be used with --export: --export makes no API call (only -n/--namespace is used)");
        }
    }

    private static async Task<HostLogin?> Resolve(HostEntry host, CancellationToken deadline, CancellationToken interrupt)
    {
        try
        {
            return await HostLoginResolver.ResolveAsync(host, deadline);
        }
        catch (OperationCanceledException) when (!interrupt.IsCancellationRequested)
        {
            throw new CliException($"host {GoQuote.Quote(host.Host)}: context deadline exceeded");
        }
    }

    private static async Task<T> Step<T>(string step, Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (KubeConnectionException ex)
        {
            throw new CliException($"{step}: {ex.Message}");
        }
    }

    private static async Task<bool> WriteAsync(KubeClientSettings settings, DockerConfigSecret secret, bool createOnly, CancellationToken deadline, CancellationToken interrupt)
    {
        k8s.Kubernetes client;
        try
        {
            client = settings.ImpersonateUser is { } user
                ? new k8s.Kubernetes(settings.Configuration, new ImpersonationHandler(user, settings.ImpersonateGroups))
                : new k8s.Kubernetes(settings.Configuration);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new CliException($"create kubernetes client: {ex.GetBaseException().Message.ReplaceLineEndings(" ")}");
        }

        using (client)
        {
            var writer = new SecretWriter(client, settings.Configuration.Host.TrimEnd('/'), settings.RequestTimeout, interrupt);
            return await writer.ApplyAsync(secret, createOnly, deadline);
        }
    }
}
