using Microsoft.AspNetCore.SignalR;
using SignalingAkka.Protocol;

namespace SignalingAkka.Client.Tests;

public sealed class HubErrorsTests
{
    // Messages exactly as the SignalR 10 client puts them in HubException.Message (observed against
    // a real hub, JSON and MessagePack alike), and as a bare server message.
    [Theory]
    [InlineData("An unexpected error occurred invoking 'JoinSession' on the server. HubException: INVITE_NOT_FOUND: no such invite",
        ErrorCodes.InviteNotFound, "INVITE_NOT_FOUND: no such invite")]
    [InlineData("SESSION_FULL: the session has 2 of 2 participants",
        ErrorCodes.SessionFull, "SESSION_FULL: the session has 2 of 2 participants")]
    [InlineData("An unexpected error occurred invoking 'SdpOffer' on the server. HubException: PEER_NOT_IN_SESSION: 'abc': not here",
        ErrorCodes.PeerNotInSession, "PEER_NOT_IN_SESSION: 'abc': not here")]
    [InlineData("An unexpected error occurred invoking 'CreateSession' on the server. HubException: LICENSE_INVALID: line one\nline two",
        ErrorCodes.LicenseInvalid, "LICENSE_INVALID: line one\nline two")]
    public void Server_code_and_text_are_found_with_or_without_the_SignalR_prefix(string hubMessage, string code, string text)
    {
        var error = HubErrors.ToSignalingException(new HubException(hubMessage));

        Assert.Equal(code, error.Code);
        Assert.Equal(text, error.Message);
    }

    [Theory]
    [InlineData("Failed to invoke 'Nope' due to an error on the server. HubException: Method does not exist.", "Method does not exist.")]
    [InlineData("Failed to invoke 'LeaveSession' due to an error on the server.", "Failed to invoke 'LeaveSession' due to an error on the server.")]
    [InlineData("An unexpected error occurred invoking 'RequestTurn' on the server.", "An unexpected error occurred invoking 'RequestTurn' on the server.")]
    [InlineData("An unexpected error occurred invoking 'RequestTurn' on the server. InvalidOperationException: boom", "boom")]
    public void A_message_without_a_code_is_INTERNAL(string hubMessage, string text)
    {
        var error = HubErrors.ToSignalingException(new HubException(hubMessage));

        Assert.Equal(ErrorCodes.Internal, error.Code);
        Assert.Equal(text, error.Message);
    }

    [Fact]
    public void The_hub_exception_is_kept_as_the_inner_exception()
    {
        var hub = new HubException("RATE_LIMITED: slow down");

        Assert.Same(hub, HubErrors.ToSignalingException(hub).InnerException);
    }
}
