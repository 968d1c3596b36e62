namespace SignalingAkka.Protocol;

/// <summary>Hub path, method and event names of the wire contract.</summary>
public static class HubNames
{
    public const string Path = "/signaling";
}

public static class HubMethods
{
    public const string RegisterDevice = nameof(RegisterDevice);
    public const string RegisterPush = nameof(RegisterPush);
    public const string CreateSession = nameof(CreateSession);
    public const string JoinSession = nameof(JoinSession);
    public const string RejoinSession = nameof(RejoinSession);
    public const string LeaveSession = nameof(LeaveSession);
    public const string SdpOffer = nameof(SdpOffer);
    public const string SdpAnswer = nameof(SdpAnswer);
    public const string IceCandidate = nameof(IceCandidate);
    public const string CapabilityUpdate = nameof(CapabilityUpdate);
    public const string RequestTurn = nameof(RequestTurn);
    public const string PairRequest = nameof(PairRequest);
    public const string PairAccept = nameof(PairAccept);
    public const string PairReject = nameof(PairReject);
    public const string ListPairings = nameof(ListPairings);
    public const string RevokePairing = nameof(RevokePairing);
}

public static class HubEvents
{
    public const string PeerJoined = nameof(PeerJoined);
    public const string PeerLeft = nameof(PeerLeft);
    public const string PeerConnectionChanged = nameof(PeerConnectionChanged);
    public const string HubChanged = nameof(HubChanged);
    public const string SdpOffer = nameof(SdpOffer);
    public const string SdpAnswer = nameof(SdpAnswer);
    public const string IceCandidate = nameof(IceCandidate);
    public const string SessionEnded = nameof(SessionEnded);
    public const string PairRequested = nameof(PairRequested);
    public const string PairEstablished = nameof(PairEstablished);
    public const string PairRejected = nameof(PairRejected);
    public const string PairExpired = nameof(PairExpired);
}
