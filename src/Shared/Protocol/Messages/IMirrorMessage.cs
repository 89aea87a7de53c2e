namespace FluxMirror.Protocol.Messages;

/// <summary>Marker of every message that may cross nodes or be persisted; the serializer binds to it.</summary>
public interface IMirrorMessage
{
}

/// <summary>Messages that belong to one sync job.</summary>
public interface IWithJobId : IMirrorMessage
{
    string JobId { get; }
}

/// <summary>Messages routed to one tag-copy entity (local child or shard entity alike).</summary>
public interface IWithTagEntityId : IWithJobId
{
    string EntityId { get; }
}
