using System.Net;
using FluxMirror.Registry.Model;

namespace FluxMirror.Registry.Transport;

/// <summary>
/// Retries transient failures of replayable requests: connection errors, stalled peers (no headers in time, a small
/// body read whole that stalls or breaks off), 408, 429, 500, 502, 503, 504. Waits <c>base·2^n</c>, or what
/// Retry-After asks (capped), which is also reported to the gate so that every request to the host backs off.
/// Cancellation is never retried.
/// </summary>
internal sealed class RetryHandler(RetryPolicy policy, IHostRequestGate gate, TimeProvider time, Action<string>? log) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var replayable = RegistryRequestOptions.IsReplayable(request);
        var host = RegistryRequestOptions.HostOf(request);
        for (var attempt = 1; ; attempt++)
        {
            var canRetry = replayable && attempt < policy.MaxAttempts;
            HttpResponseMessage response;
            try
            {
                response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (canRetry && IsTransientFailure(ex, cancellationToken))
            {
                await BackOffAfterFailureAsync(request, attempt, ex, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var retryAfter = IsThrottle(response.StatusCode) ? RetryAfter.Read(response, policy.MaxRetryAfter, time.GetUtcNow()) : null;
            if (IsThrottle(response.StatusCode))
            {
                RegistryMetrics.RecordThrottle(host, (int)response.StatusCode, retryAfter);
            }

            if (retryAfter is { } pause)
            {
                gate.ReportThrottled(host, pause);
            }

            if (canRetry && IsRetryableStatus(response.StatusCode))
            {
                var delay = retryAfter ?? policy.Backoff(attempt);
                log?.Invoke($"retrying {request.Method} {UrlRedaction.ForDisplay(request.RequestUri!)} after {(int)response.StatusCode} (attempt {attempt + 1}/{policy.MaxAttempts}, in {delay.TotalMilliseconds:0}ms)");
                response.Dispose();
                await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (RegistryRequestOptions.ReadWholeLimitOf(request) is not { } limit)
            {
                return response;
            }

            try
            {
                await ResponseBuffer.LoadAsync(response, limit, cancellationToken).ConfigureAwait(false);
                return response;
            }
            catch (Exception ex) when (canRetry && IsTransientFailure(ex, cancellationToken))
            {
                response.Dispose();
                await BackOffAfterFailureAsync(request, attempt, ex, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                response.Dispose();
                throw;
            }
        }
    }

    private async Task BackOffAfterFailureAsync(HttpRequestMessage request, int attempt, Exception failure, CancellationToken ct)
    {
        var backoff = policy.Backoff(attempt);
        var what = failure is PeerStalledException ? "timeout" : "connection error";
        log?.Invoke($"retrying {request.Method} {UrlRedaction.ForDisplay(request.RequestUri!)} after {what} (attempt {attempt + 1}/{policy.MaxAttempts}, in {backoff.TotalMilliseconds:0}ms): {failure.Message}");
        await Task.Delay(backoff, time, ct).ConfigureAwait(false);
    }

    private static bool IsThrottle(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable;

    private static bool IsRetryableStatus(HttpStatusCode status) => status is HttpStatusCode.RequestTimeout
        or HttpStatusCode.TooManyRequests
        or HttpStatusCode.InternalServerError
        or HttpStatusCode.BadGateway
        or HttpStatusCode.ServiceUnavailable
        or HttpStatusCode.GatewayTimeout;

    private static bool IsTransientFailure(Exception ex, CancellationToken ct) => !ct.IsCancellationRequested
        && ex is HttpRequestException or TimeoutException
            // A connect timeout surfaces as a cancellation the caller did not ask for.
            or OperationCanceledException;
}
