using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SignalingAkka.Actors.Serialization;
using SignalingAkka.Client;
using SignalingAkka.Host.ReadModel;
using SignalingAkka.Integration.Tests.Infrastructure;
using SignalingAkka.Integration.Tests.ReadModel;
using SignalingAkka.Protocol;
using SignalingAkka.Tests.Support;

namespace SignalingAkka.Integration.Tests.Calls;

/// <summary>Sessions and devices live in the journal: a new process on the same PostgreSQL database carries on.</summary>
[Collection(PostgresCollection.Name)]
public sealed class RestartTests(PostgresFixture postgres) : IDisposable
{
    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task A_session_survives_a_restart_of_the_daemon()
    {
        var database = await postgres.CreateDatabaseAsync();
        TestDevice host, firstGuest;
        SessionInfo created;
        long seqBeforeRestart;
        await using (var first = await Daemon.StartAsync(_directory.Path, database))
        {
            host = await first.ConnectDeviceAsync("host");
            firstGuest = await first.ConnectDeviceAsync("first guest");
            created = await host.Client.CreateSessionAsync(Daemon.ProLicense, SessionType.CALL);
            await firstGuest.Client.JoinSessionAsync(created.InviteCode);
            await firstGuest.Client.SendSdpOfferAsync(created.SessionId, host.Fingerprint, "v=0 before");
            seqBeforeRestart = (await host.NextAsync<ReceivedOffer>()).Event.Seq;
        }

        await using var second = await Daemon.StartAsync(_directory.Path, database);
        var lateGuest = await second.ConnectDeviceAsync("late guest");
        var joined = await lateGuest.Client.JoinSessionAsync(created.InviteCode);

        Assert.Equal(created.SessionId, joined.SessionId);
        Assert.Equal(host.Fingerprint, joined.HostFingerprint);
        // Nobody else is connected after the restart, so the late guest is elected hub.
        Assert.Equal(
            [(host.Fingerprint, "HOST", false), (firstGuest.Fingerprint, "GUEST", false), (lateGuest.Fingerprint, "HUB", true)],
            joined.Participants.Select(p => (p.Fingerprint, p.Role, p.Connected)));
        Assert.Equal(lateGuest.Fingerprint, joined.HubFingerprint);

        // The host's device registration survived too: its token verifies without re-registering.
        var hostAgain = await second.ReconnectAsync(host);
        var back = await hostAgain.Client.JoinSessionAsync(created.InviteCode);
        Assert.Equal(3, back.Participants.Length);
        Assert.True(back.Participants.Single(p => p.Fingerprint == host.Fingerprint).Connected);

        await lateGuest.Client.SendSdpOfferAsync(created.SessionId, host.Fingerprint, "v=0 after");
        var after = (await hostAgain.NextAsync<ReceivedOffer>()).Event;
        Assert.True(after.Seq > seqBeforeRestart, $"seq {after.Seq} reused after restart (was {seqBeforeRestart})");
        Assert.Equal(lateGuest.Fingerprint, after.From);
        // Our entities' events all went through the protobuf serializer; nothing (not even Akka's own
        // remember-entities records, which use Akka's protobuf serializers) fell back to Newtonsoft JSON (id 1).
        var entitySerializers = await SerializerIdsAsync(database,
            "persistence_id LIKE 'session-%' OR persistence_id LIKE 'device-%'");
        Assert.Equal([SignalingSerializer.Id], entitySerializers);
        Assert.DoesNotContain(1, await SerializerIdsAsync(database, "true"));
    }

    [Fact]
    public async Task Messages_queued_for_a_disconnected_participant_survive_a_restart()
    {
        var database = await postgres.CreateDatabaseAsync();
        TestDevice host, guest;
        SessionInfo created;
        await using (var first = await Daemon.StartAsync(_directory.Path, database))
        {
            host = await first.ConnectDeviceAsync("host");
            guest = await first.ConnectDeviceAsync("guest");
            created = await host.Client.CreateSessionAsync(Daemon.ProLicense, SessionType.CALL);
            await guest.Client.JoinSessionAsync(created.InviteCode);
            await guest.DisposeAsync();
            await host.NextAsync<PeerConnectionChangedEvent>(e => !e.Connected);
            for (var i = 1; i <= 10; i++)
                Assert.Equal(new RelayResult(false, true),
                    await host.Client.SendIceCandidateAsync(created.SessionId, guest.Fingerprint, $"candidate:{i}"));
        }

        await using var second = await Daemon.StartAsync(_directory.Path, database);
        var back = await second.ReconnectAsync(guest);
        var rejoined = await back.Client.RejoinSessionAsync(created.SessionId);

        Assert.Equal(10, rejoined.Redelivered);
        for (var i = 1; i <= 10; i++)
        {
            var candidate = await back.NextAsync<IceCandidateEvent>();
            Assert.Equal(((long)i, $"candidate:{i}", host.Fingerprint), (candidate.Seq, candidate.Candidate, candidate.From));
        }
    }

    [Fact]
    public async Task A_session_nobody_comes_back_to_after_a_restart_ends_by_itself()
    {
        var database = await postgres.CreateDatabaseAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Signaling:Sessions:GracePeriod"] = "00:00:15",
            ["Signaling:Sessions:TickInterval"] = "00:00:00.200",
            ["Signaling:Sessions:WakeInterval"] = "00:00:00.500",
        };
        Guid sessionId;
        await using (var first = await Daemon.StartAsync(_directory.Path, database, settings))
        {
            var host = await first.ConnectDeviceAsync("host");
            var created = await host.Client.CreateSessionAsync(Daemon.ProLicense, SessionType.CALL);
            sessionId = Guid.Parse(created.SessionId);
            var queries = first.Services.GetRequiredService<ReadModelQueries>();
            await Eventually.TrueAsync(async () => await queries.SessionAsync(sessionId, CancellationToken.None) is not null,
                "the session's row");
        }

        await using var second = await Daemon.StartAsync(_directory.Path, database, settings);
        var history = second.Services.GetRequiredService<ReadModelQueries>();
        // Still open when the first process had gone (its stop takes far less than the grace): only the second can end it.
        Assert.Null((await history.SessionAsync(sessionId, CancellationToken.None))!.EndedAt);

        // No client calls the session: the waker starts it, and its host's grace runs out.
        await Eventually.TrueAsync(async () =>
            (await history.SessionAsync(sessionId, CancellationToken.None))!.EndReason == "TIMEOUT",
            "the session to end with TIMEOUT", TimeSpan.FromSeconds(60));
    }

    private static async Task<int[]> SerializerIdsAsync(string connectionString, string where)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT DISTINCT identifier FROM journal WHERE {where}", connection);
        var ids = new List<int>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) ids.Add(reader.GetInt32(0));
        return ids.ToArray();
    }

    public void Dispose() => _directory.Dispose();
}
