using Akka.Actor;
using Akka.Hosting;
using FluxMirror.Protocol.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FluxMirror.Tests.Unit.Protocol.Serialization;

/// <summary>A real (local) ActorSystem configured exactly as the nodes are: through <c>AddMirrorSerialization</c>.</summary>
public sealed class MirrorSerializationFixture : IAsyncLifetime
{
    private IHost? _host;

    public ActorSystem System { get; private set; } = null!;

    public Akka.Serialization.Serialization Serialization => System.Serialization;

    public async ValueTask InitializeAsync()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddAkka("flux-mirror-serialization", akka => akka.AddMirrorSerialization());
        _host = builder.Build();
        await _host.StartAsync(TestContext.Current.CancellationToken);
        System = _host.Services.GetRequiredService<ActorSystem>();
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync(CancellationToken.None);
            _host.Dispose();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class MirrorSerializationCollection : ICollectionFixture<MirrorSerializationFixture>
{
    public const string Name = "Mirror serialization";
}
