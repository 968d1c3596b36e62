using SignalingAkka.Actors.Common;

namespace SignalingAkka.Actors.Serialization;

/// <summary>Replies shared by every entity.</summary>
internal static class CommonMappings
{
    public static IEnumerable<MessageMapping> All =>
    [
        MessageMapping.Of("rj", Proto.CommandRejected.Parser, ToProto, FromProto),
    ];

    private static Proto.CommandRejected ToProto(CommandRejected m) => new() { Code = m.Code, Text = m.Text };

    private static CommandRejected FromProto(Proto.CommandRejected p) => new(p.Code, p.Text);
}
