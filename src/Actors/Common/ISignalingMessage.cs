namespace SignalingAkka.Actors.Common;

/// <summary>
/// Marks every type that is persisted or crosses nodes. The protobuf serializer binds to this
/// interface, and a test checks that each implementing type round-trips through it.
/// </summary>
public interface ISignalingMessage;
