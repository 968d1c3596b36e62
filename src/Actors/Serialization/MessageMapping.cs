using Google.Protobuf;

namespace SignalingAkka.Actors.Serialization;

/// <summary>
/// How one domain type travels: its manifest and its conversions to and from the bytes of its proto message.
/// The serializer dispatches on these entries, so adding a type means adding one entry to an area's table.
/// </summary>
internal sealed record MessageMapping(Type Type, string Manifest, Func<object, byte[]> ToBinary, Func<byte[], object> FromBinary)
{
    public static MessageMapping Of<TDomain, TProto>(
        string manifest, MessageParser<TProto> parser, Func<TDomain, TProto> toProto, Func<TProto, TDomain> fromProto)
        where TDomain : notnull
        where TProto : IMessage<TProto> =>
        new(typeof(TDomain), manifest, o => toProto((TDomain)o).ToByteArray(), bytes => fromProto(parser.ParseFrom(bytes)));
}
