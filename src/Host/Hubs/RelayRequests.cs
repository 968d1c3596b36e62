using SignalingAkka.Actors.Sessions;
using SignalingAkka.Protocol;
using static SignalingAkka.Host.Hubs.RequestValidation;

namespace SignalingAkka.Host.Hubs;

/// <summary>
/// The session command of a relay call (SdpOffer, SdpAnswer, IceCandidate) from its checked fields, for the hub
/// methods and for <see cref="DirectRelayProtocol"/> alike. A field that fails its check throws the HubException
/// of <see cref="RequestValidation"/>.
/// </summary>
public static class RelayRequests
{
    public static SessionCommands.Relay Ice(IceCandidateRequest? request, string from, bool resultWanted)
    {
        request = NotNull(request);
        return new SessionCommands.Relay(SessionId(request.SessionId), from, Fingerprint(request.To, "to"), SignalKind.IceCandidate,
            Payload(request.Candidate, "candidate", Limits.MaxCandidateChars, allowEmpty: true),
            SdpMid(request.SdpMid), SdpMLineIndex(request.SdpMLineIndex), resultWanted);
    }

    public static SessionCommands.Relay Sdp(SdpRequest? request, SignalKind kind, string from, bool resultWanted)
    {
        request = NotNull(request);
        return new SessionCommands.Relay(SessionId(request.SessionId), from, Fingerprint(request.To, "to"), kind,
            Payload(request.Sdp, "sdp", Limits.MaxSdpChars, allowEmpty: false), null, null, resultWanted);
    }
}
