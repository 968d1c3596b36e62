using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using SignalingAkka.Actors.Common;
using SignalingAkka.Actors.Devices;
using SignalingAkka.Actors.Hosting;
using SignalingAkka.Protocol;

namespace SignalingAkka.Host.Auth;

/// <summary>
/// Authenticates the v1 device token (PROTOCOL.md "Identity and authentication") from the
/// <c>access_token</c> query parameter or the Bearer header. Any failure is a 401 at negotiate.
/// </summary>
public sealed class AccessTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    SignalingGateway gateway,
    TimeProvider clock) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "SignalingToken";
    private const string UnavailableItem = "signaling:auth-unavailable";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = ReadToken();
        if (token is null) return AuthenticateResult.NoResult();
        if (!AccessToken.TryParse(token, out var parsed)) return AuthenticateResult.Fail("malformed access token");
        if (!parsed.IsFresh(clock.GetUtcNow())) return AuthenticateResult.Fail("access token time is not within 300 s");

        DeviceQueries.DeviceFound? device;
        try
        {
            device = await gateway.FindDeviceAsync(parsed.Fingerprint, Context.RequestAborted);
        }
        catch (SignalingRejection rejection) when (rejection.Code == ErrorCodes.Unavailable)
        {
            // Not the client's fault: answered 503 by HandleChallengeAsync, so clients retry instead of giving up.
            Context.Items[UnavailableItem] = true;
            return AuthenticateResult.Fail(rejection.Text);
        }

        byte[] publicKey;
        if (device is not null)
        {
            if (device.Blocked) return AuthenticateResult.Fail("device is blocked");
            Base64Url.TryDecode(device.PublicKey, out publicKey);
            if (parsed.PublicKey is not null && !parsed.PublicKey.AsSpan().SequenceEqual(publicKey))
                return AuthenticateResult.Fail("public key differs from the registered one");
        }
        else if (parsed.PublicKey is not null)
        {
            publicKey = parsed.PublicKey;
        }
        else
        {
            return AuthenticateResult.Fail("an unregistered device must send its public key in the token");
        }

        if (!parsed.VerifySignature(publicKey)) return AuthenticateResult.Fail("bad access token signature");

        var identity = new ClaimsIdentity(
        [
            new Claim(SignalingClaims.Fingerprint, parsed.Fingerprint),
            new Claim(SignalingClaims.PublicKey, Base64Url.Encode(publicKey)),
            new Claim(SignalingClaims.Registered, device is null ? "false" : "true"),
            new Claim(SignalingClaims.DeviceName, device?.DeviceName ?? ""),
        ], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (!Context.Items.ContainsKey(UnavailableItem)) return base.HandleChallengeAsync(properties);
        Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        Response.Headers.RetryAfter = "1";
        return Task.CompletedTask;
    }

    private string? ReadToken()
    {
        var query = Request.Query["access_token"].ToString();
        if (!string.IsNullOrEmpty(query)) return query;
        var header = Request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }
}

public static class SignalingClaims
{
    public const string Fingerprint = "signaling:fingerprint";
    public const string PublicKey = "signaling:pub";
    public const string Registered = "signaling:registered";
    public const string DeviceName = "signaling:device-name";
}
