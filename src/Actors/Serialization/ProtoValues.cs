using System.Runtime.Serialization;
using Google.Protobuf.WellKnownTypes;

namespace SignalingAkka.Actors.Serialization;

/// <summary>Conversions of the non-enum values that have no direct proto3 form.</summary>
internal static class ProtoValues
{
    public static Timestamp ToProto(this DateTimeOffset time) => Timestamp.FromDateTimeOffset(time);

    /// <summary>The time as UTC; a missing timestamp is corrupt data, not the epoch.</summary>
    public static DateTimeOffset ToDomain(this Timestamp? time) =>
        time?.ToDateTimeOffset() ?? throw new SerializationException("A required timestamp is missing");

    /// <summary>Proto message fields read as null when absent; a required one means the bytes are corrupt.</summary>
    public static TProto Required<TProto>(TProto? message, string field) where TProto : class =>
        message ?? throw new SerializationException($"The required field {field} is missing");
}
