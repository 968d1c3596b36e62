namespace SignalingAkka.Client;

/// <summary>The SignalR hub protocol a client speaks; the server serves both with the same shapes.</summary>
public enum WireProtocol { Json, MessagePack }
