using FluxMirror.Registry.Credentials.Spiffe.WorkloadApi;
using Google.Protobuf;
using Grpc.Core;

namespace FluxMirror.TestSupport.Spiffe;

/// <summary>The gRPC face of <see cref="FakeWorkloadApi"/>: refuses calls without the security header, as SPIRE does.</summary>
internal sealed class WorkloadApiService(FakeWorkloadApi api) : SpiffeWorkloadAPI.SpiffeWorkloadAPIBase
{
    public override async Task FetchX509SVID(X509SVIDRequest request, IServerStreamWriter<X509SVIDResponse> responseStream, ServerCallContext context)
    {
        Admit(context, "FetchX509SVID");
        while (!context.CancellationToken.IsCancellationRequested)
        {
            var (svid, changed) = api.CurrentX509();
            await responseStream.WriteAsync(new X509SVIDResponse
            {
                Svids =
                {
                    new X509SVID
                    {
                        SpiffeId = svid.SpiffeId,
                        X509Svid = ByteString.CopyFrom(svid.Certificate.RawData),
                        X509SvidKey = ByteString.CopyFrom(svid.KeyPkcs8),
                        Bundle = ByteString.CopyFrom(api.Authority.Bundle.RawData),
                    },
                },
            });
            try
            {
                await changed.WaitAsync(context.CancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public override async Task FetchJWTBundles(JWTBundlesRequest request, IServerStreamWriter<JWTBundlesResponse> responseStream, ServerCallContext context)
    {
        Admit(context, "FetchJWTBundles");
        await responseStream.WriteAsync(new JWTBundlesResponse { Bundles = { [SvidAuthority.TrustDomain] = ByteString.CopyFrom(api.Jwt.Jwks()) } });
        try
        {
            await Task.Delay(Timeout.Infinite, context.CancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
    }

    public override Task<JWTSVIDResponse> FetchJWTSVID(JWTSVIDRequest request, ServerCallContext context)
    {
        Admit(context, "FetchJWTSVID");
        if (api.JwtFailure is { } failure)
        {
            throw new RpcException(failure);
        }

        if (request.Audience.Count == 0)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "audience must be specified"));
        }

        var token = api.Jwt.Sign(api.WorkloadId, request.Audience[0], api.JwtLifetime);
        api.RecordJwt(request.Audience[0], token);
        return Task.FromResult(new JWTSVIDResponse { Svids = { new JWTSVID { SpiffeId = api.WorkloadId, Svid = token } } });
    }

    private void Admit(ServerCallContext context, string method)
    {
        var admitted = context.RequestHeaders.GetValue("workload.spiffe.io") == "true";
        api.RecordCall(method, admitted);
        if (!admitted)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "security header missing from request"));
        }
    }
}
