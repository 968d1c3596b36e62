using System.Text.RegularExpressions;
using Microsoft.AspNetCore.SignalR;
using SignalingAkka.Protocol;

namespace SignalingAkka.Client;

/// <summary>Turns a SignalR <see cref="HubException"/> into the server's <c>CODE: text</c>.</summary>
internal static partial class HubErrors
{
    public static SignalingException ToSignalingException(HubException exception)
    {
        var text = ServerText(exception.Message);
        return new SignalingException(ErrorCodes.CodeOf(text) ?? ErrorCodes.Internal, text, exception);
    }

    /// <summary>
    /// The server's own message. SignalR 10 wraps it on the server as
    /// <c>An unexpected error occurred invoking 'M' on the server. HubException: CODE: text</c>
    /// (or <c>Failed to invoke 'M' due to an error on the server. …</c> when binding fails), and the
    /// client puts that whole text in <see cref="HubException.Message"/>. Without a detail part
    /// (a non-HubException on a server without detailed errors) the whole text is all there is.
    /// </summary>
    public static string ServerText(string message)
    {
        var match = SignalRWrapper().Match(message);
        return match.Success && match.Groups["text"].Success ? match.Groups["text"].Value : message;
    }

    [GeneratedRegex(
        @"^(?:An unexpected error occurred invoking '[^']*' on the server\.|Failed to invoke '[^']*' due to an error on the server\.)(?: [^\s:]+: (?<text>.*))?$",
        RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex SignalRWrapper();
}
