namespace SignalingAkka.Protocol;

// Wire enums travel as their names (strings) in both hub protocols; requests carry them as strings
// so that an unknown value is answered with INVALID_ARGUMENT instead of a binding failure.
public enum Platform { ANDROID, IOS, DESKTOP, WEB }

public enum DeviceType { PHONE, TABLET, DESKTOP, GLASSES, TV }

public enum SessionType { CALL, CAST, FILE_TRANSFER, SCREEN_SHARE }

/// <summary>Topology names are lowercase on the wire: see <see cref="WireNames"/>.</summary>
public enum Topology { Star, Mesh, Sfu }

public enum ParticipantRole { HOST, HUB, SPOKE, GUEST }

public enum Tier { FREE, PRO, BUSINESS, ENTERPRISE }

public enum EndReason { HOST_LEFT, TIMEOUT, ERROR, COMPLETED }

public enum NetworkType { WIFI, ETHERNET, CELLULAR, UNKNOWN }

public enum LicenseTier { TRIAL, STANDARD, PROFESSIONAL, CUSTOM, ENTERPRISE }

public enum LeaveReason { LEFT, TIMEOUT, REMOVED }

public enum PushProvider { FCM, APNS }

public enum SessionPhase { Active, Ending, Ended }
