using SignalingAkka.Protocol;

namespace SignalingAkka.Client;

/// <summary>A call the server refused; <see cref="Code"/> is one of <see cref="ErrorCodes"/>.</summary>
public sealed class SignalingException(string code, string message, Exception? innerException = null)
    : Exception(message, innerException)
{
    public string Code { get; } = code;
}
