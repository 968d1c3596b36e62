namespace SignalingAkka.Host.Configuration;

/// <summary>
/// Whether socket I/O completes on the runtime's I/O threads rather than being handed to the thread pool.
/// The runtime's own variable, DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS, decides for both layers: the
/// runtime's socket completions and Kestrel's scheduling of each connection's reads and writes.
/// </summary>
/// <remarks>
/// Inline, a relay read from one client is parsed, handed to its session and the session's push written to the
/// other client without a thread-pool hand-off per read and per write; on one busy core that was about a tenth
/// of the CPU per relayed message (docs/benchmarks.md). It is safe here because nothing in the daemon blocks a
/// thread on I/O: hub calls, the journal and the read model are asynchronous all the way, so a continuation that
/// runs on an I/O thread never waits on that thread. Operators turn it off with the variable set to 0.
/// </remarks>
public static class InlineSocketIo
{
    public const string Variable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>Whether socket I/O of this process completes inline.</summary>
    public static bool Enabled => Environment.GetEnvironmentVariable(Variable) == "1";

    /// <summary>
    /// Makes inline completion the process's default unless the operator set the variable. The runtime reads
    /// it once, at the first socket operation, so this runs first thing in Program.
    /// </summary>
    public static void OnUnlessSet()
    {
        if (Environment.GetEnvironmentVariable(Variable) is null) Environment.SetEnvironmentVariable(Variable, "1");
    }
}
