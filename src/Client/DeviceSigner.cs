using SignalingAkka.Protocol;

namespace SignalingAkka.Client;

/// <summary>
/// Makes what the device proves about itself, each time at the clock's current time: a token made
/// once would be refused after the server's ±300 s window on a later reconnect.
/// </summary>
internal sealed class DeviceSigner(DeviceKeyPair key, string fingerprint, TimeProvider clock)
{
    /// <summary>The token with the public key, so an unregistered device can connect to register.</summary>
    public string CreateAccessToken() => AccessToken.Create(key, fingerprint, clock.GetUtcNow(), includePublicKey: true);

    public RejoinSessionRequest CreateRejoinRequest(string sessionId, long? lastSeq)
    {
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        return new RejoinSessionRequest(sessionId, timestamp, RejoinSignature.Create(key, sessionId, fingerprint, timestamp), lastSeq);
    }
}
