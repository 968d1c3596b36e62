using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Runtime.Serialization;
using Akka.Serialization;
using Google.Protobuf;
using SignalingAkka.Actors.Common;
using SignalingAkka.Actors.Connections;
using SignalingAkka.Actors.Serialization;
using SignalingAkka.Actors.Sessions;
using SignalingAkka.Protocol;
using Proto = SignalingAkka.Actors.Serialization.Proto;
using SessionState = SignalingAkka.Actors.Sessions.SessionState;
using Timestamp = Google.Protobuf.WellKnownTypes.Timestamp;

namespace SignalingAkka.Actors.Tests.Serialization;

public sealed class SignalingSerializerTests() : Akka.TestKit.Xunit2.TestKit(SerializerConfig.Hocon)
{
    public static TheoryData<string> SampleNames => new(Samples.Names);

    private SignalingSerializer Serializer =>
        (SignalingSerializer)Sys.Serialization.FindSerializerForType(typeof(ISignalingMessage));

    [Theory]
    [MemberData(nameof(SampleNames))]
    public void Round_trips_under_its_pinned_manifest(string name)
    {
        var sample = Samples.All(TestActor).Single(s => s.Name == name);

        var (manifest, copy) = RoundTrip(sample.Value);

        Assert.Equal(sample.Manifest, manifest);
        AssertEquivalent(sample.Value, copy);
    }

    [Fact]
    public void Every_enum_member_round_trips()
    {
        foreach (var message in Samples.EveryEnumMember)
            AssertEquivalent(message, RoundTrip(message).Copy);
    }

    [Fact]
    public void Every_signaling_message_type_has_a_manifest()
    {
        var unmapped = SignalingMessageTypes().Where(t => !HasManifest(t)).ToList();

        Assert.True(unmapped.Count == 0, $"No protobuf mapping for: {string.Join(", ", unmapped)}");
    }

    [Fact]
    public void Every_serialized_type_has_a_round_trip_sample()
    {
        var sampled = Samples.All(TestActor).Select(s => s.Value.GetType()).ToHashSet();

        var missing = SignalingMessageTypes().Concat(SignalingSerializer.ProtocolTypes)
            .Where(t => !sampled.Contains(t)).ToList();

        Assert.True(missing.Count == 0, $"No sample in {nameof(Samples)} for: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Protocol_types_are_bound_to_the_signaling_serializer()
    {
        foreach (var type in SignalingSerializer.ProtocolTypes)
        {
            Assert.IsType<SignalingSerializer>(Sys.Serialization.FindSerializerForType(type));
            Assert.True(HasManifest(type), $"No manifest for {type}");
        }
    }

    [Fact]
    public void A_session_event_is_not_left_to_the_json_serializer()
    {
        var created = new SessionEvents.Created("AVNE-ABCD-EFGH", "fp", SessionType.CALL, Topology.Mesh, Tier.PRO, null,
            DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);

        var serializer = Sys.Serialization.FindSerializerFor(created);

        Assert.IsType<SignalingSerializer>(serializer);
        Assert.IsNotType<NewtonSoftJsonSerializer>(serializer);
        Assert.Equal(517, serializer.Identifier);
    }

    [Fact]
    public void An_unknown_manifest_throws_naming_it()
    {
        var error = Assert.Throws<SerializationException>(() => Serializer.FromBinary([], "no-such-manifest"));

        Assert.Contains("no-such-manifest", error.Message);
    }

    [Fact]
    public void An_unmapped_type_throws()
    {
        Assert.Throws<SerializationException>(() => Serializer.ToBinary(new object()));
    }

    [Fact]
    public void A_push_payload_outside_the_oneof_throws()
    {
        var push = new ConnectionCommands.Push(HubEvents.PeerJoined, new UnmappedEvent());

        Assert.Throws<SerializationException>(() => Serializer.ToBinary(push));
    }

    [Fact]
    public void A_missing_enum_or_time_is_corrupt_data_not_a_default()
    {
        // Empty bytes decode every field as absent: the UNSPECIFIED enum and a null timestamp.
        Assert.Throws<SerializationException>(() => Serializer.FromBinary([], "sel"));
        Assert.Throws<SerializationException>(() => Serializer.FromBinary([], "deb"));
    }

    [Fact]
    public void A_snapshot_from_before_queues_reads_with_no_queues_no_migration_and_no_end_time()
    {
        // Fields 1-14 only, as the serializer wrote a SessionState before queues, migrations and EndedAt existed.
        var old = new Proto.SessionState
        {
            SessionId = "s1", InviteCode = "AVNE-ABCD-EFGH", HostFingerprint = "fp-host", HubFingerprint = "fp-host",
            SessionType = Proto.SessionType.Call, Topology = Proto.Topology.Mesh, Tier = Proto.Tier.Pro,
            HostUserId = "u", CreatedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UnixEpoch),
            ExpiresAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UnixEpoch.AddHours(4)),
            Phase = Proto.SessionPhase.Ended, EndReason = Proto.EndReason.HostLeft,
            Participants =
            {
                new Proto.ParticipantState
                {
                    Fingerprint = "fp-host", DeviceName = "Host", Role = Proto.ParticipantRole.Host, Score = 87,
                    JoinedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UnixEpoch),
                },
            },
            ReservedSeq = { ["fp-guest"] = 128 },
        };

        var state = Assert.IsType<SessionState>(Serializer.FromBinary(old.ToByteArray(), "ss"));

        Assert.Empty(state.Queues);
        Assert.Empty(state.QueueOf("fp-guest"));
        Assert.Equal(0, state.HubMigrationCount);
        Assert.Null(state.EndedAt);
        // The fields the old snapshot did carry are unaffected.
        Assert.Equal(SessionPhase.Ended, state.Phase);
        Assert.Equal(EndReason.HOST_LEFT, state.EndReason);
        Assert.Equal("fp-host", Assert.Single(state.Participants).Fingerprint);
        Assert.Equal(128, state.ReservedSeq["fp-guest"]);
    }

    [Fact]
    public void Hand_off_reads_back_as_its_instance()
    {
        Assert.Same(SessionCommands.HandOff.Instance, RoundTrip(SessionCommands.HandOff.Instance).Copy);
    }

    private (string Manifest, object Copy) RoundTrip(object value)
    {
        var serializer = Sys.Serialization.FindSerializerFor(value);
        Assert.IsType<SignalingSerializer>(serializer);
        var manifest = Akka.Serialization.Serialization.ManifestFor(serializer, value);
        var copy = Sys.Serialization.Deserialize(serializer.ToBinary(value), serializer.Identifier, manifest);
        return (manifest, copy);
    }

    private bool HasManifest(Type type)
    {
        // Manifests are chosen by type alone, so an instance without constructor-set fields is enough.
        var instance = RuntimeHelpers.GetUninitializedObject(type);
        try
        {
            return Serializer.Manifest(instance).Length > 0;
        }
        catch (SerializationException)
        {
            return false;
        }
    }

    private static IEnumerable<Type> SignalingMessageTypes() =>
        typeof(ISignalingMessage).Assembly.GetTypes()
            .Where(t => t is { IsAbstract: false, IsInterface: false } && typeof(ISignalingMessage).IsAssignableFrom(t));

    // Records compare collections by reference; compare those element-wise and the rest by value.
    private static void AssertEquivalent(object expected, object actual)
    {
        switch (expected, actual)
        {
            case (SessionState e, SessionState a):
                Assert.Equal(e.Participants, a.Participants);
                Assert.Equal(e.ReservedSeq.OrderBy(kv => kv.Key), a.ReservedSeq.OrderBy(kv => kv.Key));
                Assert.Equal(e.Queues.Keys.Order(), a.Queues.Keys.Order());
                foreach (var (recipient, queue) in e.Queues)
                    Assert.Equal(queue, a.Queues[recipient]);
                Assert.Equal(e with { Participants = a.Participants, ReservedSeq = a.ReservedSeq, Queues = a.Queues }, a);
                break;
            case (SessionEvents.PushedSaved e, SessionEvents.PushedSaved a):
                Assert.Equal(e.Messages, a.Messages);
                Assert.Equal(e with { Messages = a.Messages }, a);
                break;
            case (ConnectionCommands.Redeliver e, ConnectionCommands.Redeliver a):
                Assert.Equal(e.Pushes, a.Pushes);
                AssertEquivalent(e.Reply, a.Reply);
                Assert.Equal(e with { Pushes = a.Pushes, Reply = a.Reply }, a);
                break;
            case (SessionInfo e, SessionInfo a):
                Assert.Equal(e.Participants, a.Participants);
                Assert.Equal(e with { Participants = a.Participants }, a);
                break;
            default:
                Assert.Equal(expected, actual);
                break;
        }
    }

    /// <summary>A server event someone added to the protocol without a proto message.</summary>
    private sealed record UnmappedEvent : IServerEvent;
}
