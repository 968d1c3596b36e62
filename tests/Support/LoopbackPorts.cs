using System.Net;
using System.Net.Sockets;

namespace SignalingAkka.Tests.Support;

/// <summary>Ports for servers the tests start on 127.0.0.1.</summary>
public static class LoopbackPorts
{
    /// <summary>A port free on 127.0.0.1 at the moment of asking (the operating system's pick).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
