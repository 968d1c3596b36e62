using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Akka.Actor;
using SignalingAkka.Actors.Common;
using SignalingAkka.Actors.Sessions;
using SignalingAkka.Protocol;

namespace SignalingAkka.Bench.Persistence;

/// <summary>
/// Recovery time of a session: from creating a fresh SessionActor for an existing id until it answers GetInfo
/// (snapshot load, replay of the events through SessionState.Apply, OnReplaySuccess, then the reply).
/// Cold: the first recovery of a long journal in a new process (the journal plugin already started by a recovery
/// of an empty id, so the figure is not the plugin's start-up). Warm: repeated in this process.
/// </summary>
public static class Recovery
{
    private const string ChildFlag = "--recover-once";
    private const string ResultPrefix = "cold-recovery-ms=";
    private static readonly TimeSpan AskTimeout = TimeSpan.FromMinutes(2);

    public static bool IsChild(IReadOnlyList<string> args) => args.Count > 0 && args[0] == ChildFlag;

    /// <summary>Recovers the session once in this system; returns the ms until GetInfo was answered.</summary>
    public static async Task<double> RecoverOnceAsync(BenchSystem system, string sessionId, int snapshotEvery)
    {
        var started = Stopwatch.GetTimestamp();
        var session = system.NewSession(sessionId, snapshotEvery);
        var reply = await session.Ask<object>(new SessionCommands.GetInfo(sessionId), AskTimeout);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (reply is not SessionInfo { Participants.Length: 2 })
            throw new InvalidOperationException($"recovered session answered {(reply is CommandRejected r ? r.ToString() : reply)}");
        await session.GracefulStop(TimeSpan.FromSeconds(30));
        return elapsed;
    }

    /// <summary>
    /// Reads the latest snapshot and the events after it back through the real serializer and counts the queued
    /// messages that recovery applies twice: those already in the snapshot that a replayed MessageQueued adds again.
    /// </summary>
    public static async Task<string?> DescribeSnapshotAsync(Store store, BenchSystem system, string persistenceId)
    {
        if (await store.LatestSnapshotAsync(persistenceId) is not { } snapshot) return null;
        var serialization = system.System.Serialization;
        if (serialization.Deserialize(snapshot.Bytes, snapshot.SerializerId, snapshot.Manifest) is not SessionState state)
            return $"snapshot at seq {snapshot.SequenceNr} is not a SessionState";
        var queued = state.Queues.Values.Sum(q => q.Count);
        var after = await store.EventsAfterAsync(persistenceId, snapshot.SequenceNr);
        var again = after
            .Select(e => serialization.Deserialize(e.Bytes, e.SerializerId, e.Manifest))
            .OfType<SessionEvents.MessageQueued>()
            .Count(q => state.QueueOf(q.Recipient).Any(m => m.Seq == q.Message.Seq));
        return $"latest snapshot at seq {snapshot.SequenceNr} (serializer {snapshot.SerializerId}) holds {queued} queued messages; " +
               $"{after.Count} events after it, {again} of them MessageQueued for a message the snapshot already holds " +
               (again > 0 ? "(queued twice on recovery)" : "(no overlap)");
    }

    /// <summary>Runs this program again as a child that recovers the session once, cold, and reports the ms.</summary>
    public static async Task<double> RunColdChildAsync(StoreKind kind, string connectionString, string sessionId, int snapshotEvery, string? hocon)
    {
        var startInfo = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("no process path");
        startInfo.FileName = self;
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") startInfo.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        foreach (var a in (string[])[ChildFlag, Store.NameOf(kind), connectionString, sessionId, snapshotEvery.ToString(CultureInfo.InvariantCulture), hocon ?? ""])
            startInfo.ArgumentList.Add(a);
        using var child = Process.Start(startInfo) ?? throw new InvalidOperationException("could not start the child process");
        var stdout = child.StandardOutput.ReadToEndAsync();
        var stderr = child.StandardError.ReadToEndAsync();
        await child.WaitForExitAsync();
        var output = await stdout;
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith(ResultPrefix, StringComparison.Ordinal));
        if (child.ExitCode != 0 || line is null)
            throw new InvalidOperationException($"cold recovery child failed (exit {child.ExitCode}):{Environment.NewLine}{output}{await stderr}");
        return double.Parse(line[ResultPrefix.Length..].Trim(), CultureInfo.InvariantCulture);
    }

    /// <summary>The child: start the system, start the journal with an empty recovery, then time one real recovery.</summary>
    public static async Task<int> ChildMainAsync(IReadOnlyList<string> args)
    {
        var kind = args[1] == Store.NameOf(StoreKind.PostgreSql) ? StoreKind.PostgreSql : StoreKind.Sqlite;
        var connectionString = args[2];
        var sessionId = args[3];
        var snapshotEvery = int.Parse(args[4], CultureInfo.InvariantCulture);
        var hocon = args.Count > 5 ? args[5] : null;
        await using var system = await BenchSystem.StartAsync(kind, connectionString, countJournalWrites: false, hocon);

        var prime = system.NewSession("prime-" + Guid.NewGuid().ToString("N"), snapshotEvery);
        var primed = await prime.Ask<object>(new SessionCommands.GetInfo("prime"), AskTimeout);
        if (primed is not CommandRejected { Code: ErrorCodes.SessionNotFound })
            throw new InvalidOperationException($"priming recovery answered {primed}");
        await prime.GracefulStop(TimeSpan.FromSeconds(10));

        var ms = await RecoverOnceAsync(system, sessionId, snapshotEvery);
        Console.WriteLine(ResultPrefix + ms.ToString("0.###", CultureInfo.InvariantCulture));
        return 0;
    }
}
