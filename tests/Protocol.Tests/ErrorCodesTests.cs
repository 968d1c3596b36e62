using System.Reflection;

namespace SignalingAkka.Protocol.Tests;

public class ErrorCodesTests
{
    [Fact]
    public void The_codes_are_exactly_the_protocols()
    {
        string[] protocol =
        [
            "INVALID_ARGUMENT", "NOT_REGISTERED", "DEVICE_BLOCKED", "LICENSE_REQUIRED", "LICENSE_INVALID",
            "SESSION_NOT_FOUND", "INVITE_NOT_FOUND", "SESSION_FULL", "SESSION_ENDED", "NOT_IN_SESSION",
            "PEER_NOT_IN_SESSION", "SIGNATURE_INVALID", "RATE_LIMITED", "PAYLOAD_TOO_LARGE", "PAIRING_NOT_FOUND",
            "KEY_MISMATCH", "UNAVAILABLE", "INTERNAL",
        ];
        var declared = typeof(ErrorCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!);
        Assert.Equal(protocol.Order(), declared.Order());
    }

    [Fact]
    public void Formats_code_colon_text() =>
        Assert.Equal("SESSION_FULL: the session has 2 of 2 participants",
            ErrorCodes.Format(ErrorCodes.SessionFull, "the session has 2 of 2 participants"));

    [Theory]
    [InlineData("SESSION_FULL: the session has 2 of 2 participants", "SESSION_FULL")]
    [InlineData("INVALID_ARGUMENT: sdp: too long", "INVALID_ARGUMENT")]   // only the first colon splits
    [InlineData("INTERNAL:", "INTERNAL")]
    public void Extracts_the_code(string message, string code) =>
        Assert.Equal(code, ErrorCodes.CodeOf(message));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("no code here")]
    [InlineData(": text")]
    [InlineData("session_full: lowercase")]
    [InlineData("An unexpected error occurred invoking 'JoinSession' on the server.")]
    [InlineData("HubException: SESSION_FULL: wrapped")]
    public void Finds_no_code_in_other_messages(string? message) =>
        Assert.Null(ErrorCodes.CodeOf(message));

    [Fact]
    public void Every_formatted_code_reads_back()
    {
        var codes = typeof(ErrorCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!);
        Assert.All(codes, code => Assert.Equal(code, ErrorCodes.CodeOf(ErrorCodes.Format(code, "text"))));
    }
}
