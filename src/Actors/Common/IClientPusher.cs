namespace SignalingAkka.Actors.Common;

/// <summary>Sends one server event to one client connection; the Host implements it over SignalR.</summary>
public interface IClientPusher
{
    Task PushAsync(string connectionId, string method, object payload, CancellationToken cancellationToken);

    /// <summary>Closes a client's connection from the server side (used when a newer connection replaces it).</summary>
    void Abort(string connectionId);
}
