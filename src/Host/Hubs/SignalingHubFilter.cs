using Microsoft.AspNetCore.SignalR;
using SignalingAkka.Actors.Common;
using SignalingAkka.Protocol;

namespace SignalingAkka.Host.Hubs;

/// <summary>
/// Enforces registration before any call but RegisterDevice, and turns every failure into a
/// HubException <c>CODE: text</c>, so a bad call never closes the connection. Counts the connection's
/// running calls: <see cref="DirectRelayProtocol"/> takes a relay only while none runs ahead of it.
/// </summary>
public sealed class SignalingHubFilter(ILogger<SignalingHubFilter> logger) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext,
        Func<HubInvocationContext, ValueTask<object?>> next)
    {
        var method = invocationContext.HubMethodName;
        var connection = ConnectionContext.Of(invocationContext.Context);
        if (!connection.Registered && method != HubMethods.RegisterDevice)
            throw RequestValidation.Error(ErrorCodes.NotRegistered, "register this device before calling " + method);

        connection.InvocationStarted();
        try
        {
            return await next(invocationContext);
        }
        catch (SignalingRejection rejection)
        {
            throw new HubException(rejection.Message);
        }
        catch (HubException)
        {
            throw;
        }
        catch (OperationCanceledException) when (invocationContext.Context.ConnectionAborted.IsCancellationRequested)
        {
            throw new HubException(ErrorCodes.Format(ErrorCodes.Unavailable, "the connection closed"));
        }
        catch (Exception e)
        {
            logger.LogError(e, "Hub method {Method} failed for {Fingerprint}", method, connection.Fingerprint);
            throw new HubException(ErrorCodes.Format(ErrorCodes.Internal, "unexpected server error"));
        }
        finally
        {
            connection.InvocationEnded();
        }
    }
}
