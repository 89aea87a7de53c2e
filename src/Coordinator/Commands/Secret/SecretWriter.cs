using System.Net;
using FluxMirror.Coordinator.Cli;
using FluxMirror.Coordinator.Kubernetes;
using FluxMirror.Domain.Logins;
using k8s;
using k8s.Models;

namespace FluxMirror.Coordinator.Commands.Secret;

/// <summary>
/// Writes the pull Secret the reference's way: create; on AlreadyExists (unless <c>--create</c>) read the existing one
/// and replace it at its resourceVersion, keeping its labels and annotations. A replace that loses a race with another
/// writer (409 Conflict) is retried once from a fresh read, as a CronJob overlapping a manual run would need.
/// Each call is bounded by <c>--request-timeout</c> inside the command's <c>--timeout</c>.
/// </summary>
internal sealed class SecretWriter(IKubernetes client, string apiBase, TimeSpan? requestTimeout, CancellationToken interrupt)
{
    /// <returns>True when the Secret was created, false when an existing one was replaced.</returns>
    public async Task<bool> ApplyAsync(DockerConfigSecret secret, bool createOnly, CancellationToken ct)
    {
        var ns = secret.Namespace ?? throw new ArgumentException("a Secret written to the API needs a namespace", nameof(secret));
        var collection = $"{apiBase}/api/v1/namespaces/{ns}/secrets";
        var item = $"{collection}/{secret.Name}";
        try
        {
            await CallAsync(t => client.CoreV1.CreateNamespacedSecretAsync(ToApi(secret, existing: null), ns, cancellationToken: t), ct).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is not CliException and not OperationCanceledException
            && (createOnly || !KubeApiError.Is(ex, HttpStatusCode.Conflict, "AlreadyExists")))
        {
            throw Fail("create secret", ex, "Post", collection);
        }
        catch (Exception ex) when (ex is not CliException and not OperationCanceledException)
        {
            // AlreadyExists: replace below.
        }

        for (var attempt = 1; ; attempt++)
        {
            V1Secret existing;
            try
            {
                existing = await CallAsync(t => client.CoreV1.ReadNamespacedSecretAsync(secret.Name, ns, cancellationToken: t), ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not CliException and not OperationCanceledException)
            {
                throw Fail("get existing secret", ex, "Get", item);
            }

            try
            {
                await CallAsync(t => client.CoreV1.ReplaceNamespacedSecretAsync(ToApi(secret, existing), secret.Name, ns, cancellationToken: t), ct).ConfigureAwait(false);
                return false;
            }
            catch (Exception ex) when (ex is not CliException and not OperationCanceledException
                && (attempt > 1 || !KubeApiError.Is(ex, HttpStatusCode.Conflict, "Conflict")))
            {
                throw Fail("replace secret", ex, "Put", item);
            }
            catch (Exception ex) when (ex is not CliException and not OperationCanceledException)
            {
                // Someone replaced it between our read and our write: read again, once.
            }
        }
    }

    internal static V1Secret ToApi(DockerConfigSecret secret, V1Secret? existing) => new()
    {
        ApiVersion = "v1",
        Kind = "Secret",
        Metadata = new V1ObjectMeta
        {
            Name = secret.Name,
            NamespaceProperty = secret.Namespace,
            ResourceVersion = existing?.Metadata?.ResourceVersion,
            Labels = existing?.Metadata?.Labels,
            Annotations = existing?.Metadata?.Annotations,
        },
        Type = DockerConfigSecret.SecretType,
        Data = new Dictionary<string, byte[]> { [DockerConfigSecret.DataKey] = secret.DockerConfigJsonBytes },
    };

    private static CliException Fail(string step, Exception ex, string verb, string url) =>
        new($"{step}: {KubeApiError.Describe(ex, verb, url)}");

    private async Task<T> CallAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken ct)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(ct);
        if (requestTimeout is { } limit)
        {
            bounded.CancelAfter(limit);
        }

        try
        {
            return await call(bounded.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!interrupt.IsCancellationRequested)
        {
            // --timeout or --request-timeout ran out: Go's context error, described as the call's (Verb "url": …).
            throw new HttpRequestException("context deadline exceeded");
        }
    }
}
