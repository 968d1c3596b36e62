using System.Runtime.Serialization;
using SignalingAkka.Actors.Sessions;
using SignalingAkka.Protocol;

namespace SignalingAkka.Actors.Serialization;

/// <summary>
/// Explicit pairs of domain and proto enum members. Members are matched by name in code, never by number,
/// so reordering a C# enum cannot change what an old journal means.
/// </summary>
internal static class ProtoEnums
{
    public static Proto.Platform ToProto(this Platform value) => value switch
    {
        Platform.ANDROID => Proto.Platform.Android,
        Platform.IOS => Proto.Platform.Ios,
        Platform.DESKTOP => Proto.Platform.Desktop,
        Platform.WEB => Proto.Platform.Web,
        _ => throw Unmapped(value),
    };

    public static Platform ToDomain(this Proto.Platform value) => value switch
    {
        Proto.Platform.Android => Platform.ANDROID,
        Proto.Platform.Ios => Platform.IOS,
        Proto.Platform.Desktop => Platform.DESKTOP,
        Proto.Platform.Web => Platform.WEB,
        _ => throw Unmapped(value),
    };

    public static Proto.DeviceType ToProto(this DeviceType value) => value switch
    {
        DeviceType.PHONE => Proto.DeviceType.Phone,
        DeviceType.TABLET => Proto.DeviceType.Tablet,
        DeviceType.DESKTOP => Proto.DeviceType.Desktop,
        DeviceType.GLASSES => Proto.DeviceType.Glasses,
        DeviceType.TV => Proto.DeviceType.Tv,
        _ => throw Unmapped(value),
    };

    public static DeviceType ToDomain(this Proto.DeviceType value) => value switch
    {
        Proto.DeviceType.Phone => DeviceType.PHONE,
        Proto.DeviceType.Tablet => DeviceType.TABLET,
        Proto.DeviceType.Desktop => DeviceType.DESKTOP,
        Proto.DeviceType.Glasses => DeviceType.GLASSES,
        Proto.DeviceType.Tv => DeviceType.TV,
        _ => throw Unmapped(value),
    };

    public static Proto.SessionType ToProto(this SessionType value) => value switch
    {
        SessionType.CALL => Proto.SessionType.Call,
        SessionType.CAST => Proto.SessionType.Cast,
        SessionType.FILE_TRANSFER => Proto.SessionType.FileTransfer,
        SessionType.SCREEN_SHARE => Proto.SessionType.ScreenShare,
        _ => throw Unmapped(value),
    };

    public static SessionType ToDomain(this Proto.SessionType value) => value switch
    {
        Proto.SessionType.Call => SessionType.CALL,
        Proto.SessionType.Cast => SessionType.CAST,
        Proto.SessionType.FileTransfer => SessionType.FILE_TRANSFER,
        Proto.SessionType.ScreenShare => SessionType.SCREEN_SHARE,
        _ => throw Unmapped(value),
    };

    public static Proto.Topology ToProto(this Topology value) => value switch
    {
        Topology.Star => Proto.Topology.Star,
        Topology.Mesh => Proto.Topology.Mesh,
        Topology.Sfu => Proto.Topology.Sfu,
        _ => throw Unmapped(value),
    };

    public static Topology ToDomain(this Proto.Topology value) => value switch
    {
        Proto.Topology.Star => Topology.Star,
        Proto.Topology.Mesh => Topology.Mesh,
        Proto.Topology.Sfu => Topology.Sfu,
        _ => throw Unmapped(value),
    };

    public static Proto.ParticipantRole ToProto(this ParticipantRole value) => value switch
    {
        ParticipantRole.HOST => Proto.ParticipantRole.Host,
        ParticipantRole.HUB => Proto.ParticipantRole.Hub,
        ParticipantRole.SPOKE => Proto.ParticipantRole.Spoke,
        ParticipantRole.GUEST => Proto.ParticipantRole.Guest,
        _ => throw Unmapped(value),
    };

    public static ParticipantRole ToDomain(this Proto.ParticipantRole value) => value switch
    {
        Proto.ParticipantRole.Host => ParticipantRole.HOST,
        Proto.ParticipantRole.Hub => ParticipantRole.HUB,
        Proto.ParticipantRole.Spoke => ParticipantRole.SPOKE,
        Proto.ParticipantRole.Guest => ParticipantRole.GUEST,
        _ => throw Unmapped(value),
    };

    public static Proto.Tier ToProto(this Tier value) => value switch
    {
        Tier.FREE => Proto.Tier.Free,
        Tier.PRO => Proto.Tier.Pro,
        Tier.BUSINESS => Proto.Tier.Business,
        Tier.ENTERPRISE => Proto.Tier.Enterprise,
        _ => throw Unmapped(value),
    };

    public static Tier ToDomain(this Proto.Tier value) => value switch
    {
        Proto.Tier.Free => Tier.FREE,
        Proto.Tier.Pro => Tier.PRO,
        Proto.Tier.Business => Tier.BUSINESS,
        Proto.Tier.Enterprise => Tier.ENTERPRISE,
        _ => throw Unmapped(value),
    };

    public static Proto.EndReason ToProto(this EndReason value) => value switch
    {
        EndReason.HOST_LEFT => Proto.EndReason.HostLeft,
        EndReason.TIMEOUT => Proto.EndReason.Timeout,
        EndReason.ERROR => Proto.EndReason.Error,
        EndReason.COMPLETED => Proto.EndReason.Completed,
        _ => throw Unmapped(value),
    };

    public static EndReason ToDomain(this Proto.EndReason value) => value switch
    {
        Proto.EndReason.HostLeft => EndReason.HOST_LEFT,
        Proto.EndReason.Timeout => EndReason.TIMEOUT,
        Proto.EndReason.Error => EndReason.ERROR,
        Proto.EndReason.Completed => EndReason.COMPLETED,
        _ => throw Unmapped(value),
    };

    public static Proto.LeaveReason ToProto(this LeaveReason value) => value switch
    {
        LeaveReason.LEFT => Proto.LeaveReason.Left,
        LeaveReason.TIMEOUT => Proto.LeaveReason.Timeout,
        LeaveReason.REMOVED => Proto.LeaveReason.Removed,
        _ => throw Unmapped(value),
    };

    public static LeaveReason ToDomain(this Proto.LeaveReason value) => value switch
    {
        Proto.LeaveReason.Left => LeaveReason.LEFT,
        Proto.LeaveReason.Timeout => LeaveReason.TIMEOUT,
        Proto.LeaveReason.Removed => LeaveReason.REMOVED,
        _ => throw Unmapped(value),
    };

    public static Proto.SessionPhase ToProto(this Protocol.SessionPhase value) => value switch
    {
        Protocol.SessionPhase.Active => Proto.SessionPhase.Active,
        Protocol.SessionPhase.Ending => Proto.SessionPhase.Ending,
        Protocol.SessionPhase.Ended => Proto.SessionPhase.Ended,
        _ => throw Unmapped(value),
    };

    public static Protocol.SessionPhase ToDomain(this Proto.SessionPhase value) => value switch
    {
        Proto.SessionPhase.Active => Protocol.SessionPhase.Active,
        Proto.SessionPhase.Ending => Protocol.SessionPhase.Ending,
        Proto.SessionPhase.Ended => Protocol.SessionPhase.Ended,
        _ => throw Unmapped(value),
    };

    public static Proto.SignalKind ToProto(this SignalKind value) => value switch
    {
        SignalKind.Offer => Proto.SignalKind.Offer,
        SignalKind.Answer => Proto.SignalKind.Answer,
        SignalKind.IceCandidate => Proto.SignalKind.IceCandidate,
        _ => throw Unmapped(value),
    };

    public static SignalKind ToDomain(this Proto.SignalKind value) => value switch
    {
        Proto.SignalKind.Offer => SignalKind.Offer,
        Proto.SignalKind.Answer => SignalKind.Answer,
        Proto.SignalKind.IceCandidate => SignalKind.IceCandidate,
        _ => throw Unmapped(value),
    };

    // Reading: UNSPECIFIED means the field was never written, a number we do not know means a newer writer.
    // Writing: a value outside the C# enum. Both would otherwise turn silently into a wrong member.
    private static SerializationException Unmapped<TEnum>(TEnum value) where TEnum : struct, Enum =>
        new($"{typeof(TEnum).FullName} value {value} has no mapping");
}
