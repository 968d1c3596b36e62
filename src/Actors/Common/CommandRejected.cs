using SignalingAkka.Protocol;

namespace SignalingAkka.Actors.Common;

/// <summary>The reply of any command that was refused; nothing changed. Code is one of <see cref="ErrorCodes"/>.</summary>
public sealed record CommandRejected(string Code, string Text) : ISignalingMessage
{
    public override string ToString() => ErrorCodes.Format(Code, Text);
}

/// <summary>Thrown by the gateway when an actor refused a command, carrying the wire error code.</summary>
public sealed class SignalingRejection(string code, string text) : Exception(ErrorCodes.Format(code, text))
{
    public string Code { get; } = code;
    public string Text { get; } = text;

    public static SignalingRejection From(CommandRejected rejected) => new(rejected.Code, rejected.Text);
}
