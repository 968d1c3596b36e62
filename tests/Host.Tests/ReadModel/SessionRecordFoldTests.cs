using SignalingAkka.Actors.ReadModel;
using SignalingAkka.Host.ReadModel;
using SignalingAkka.Protocol;

namespace SignalingAkka.Host.Tests.ReadModel;

public sealed class SessionRecordFoldTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);
    private const string Host = "host-fingerprint";
    private const string Guest = "guest-fingerprint";
    private readonly string _session = Guid.NewGuid().ToString();

    private Guid SessionId => Guid.Parse(_session);

    private static DateTimeOffset At(int seconds) => T0.AddSeconds(seconds);

    private SessionStarted Started() => new(_session, SessionType.CALL, Host, null, Tier.PRO, At(0));

    private ParticipantJoinedSession Joined(string fingerprint, int at, int count) =>
        new(_session, fingerprint, fingerprint == Host ? ParticipantRole.HOST : ParticipantRole.GUEST, fingerprint == Host, 40,
            At(at), count);

    private ParticipantLeftSession Left(string fingerprint, int at, int count) => new(_session, fingerprint, At(at), count);

    private SessionEndedRecord Ended(int at, int count) => new(_session, EndReason.HOST_LEFT, At(at), at, count, 0);

    [Fact]
    public void A_whole_session_in_one_run_is_one_ended_session_row_and_closed_participant_rows_with_nothing_to_update()
    {
        var writes = SessionRecordFold.Fold(
            [Started(), Joined(Host, 0, 1), Joined(Guest, 5, 2), Left(Guest, 8, 1), Joined(Guest, 9, 2), Ended(12, 2)]);

        Assert.NotNull(writes);
        var session = Assert.Single(writes.Sessions);
        Assert.Equal(new FoldedSessionRow(SessionId, "CALL", Host, null, "PRO", At(0), 2, 0, "HOST_LEFT", At(12), 12), session);
        Assert.Equal(
        [
            new FoldedParticipantRow(SessionId, Host, "HOST", true, 40, At(0), At(12)),
            new FoldedParticipantRow(SessionId, Guest, "GUEST", false, 40, At(5), At(8)),
            new FoldedParticipantRow(SessionId, Guest, "GUEST", false, 40, At(9), At(12)),
        ], writes.Participants);
        Assert.Empty(writes.Leaves);
        Assert.Empty(writes.Closes);
        Assert.Empty(writes.Counts);
        Assert.Empty(writes.Ends);
    }

    [Fact]
    public void A_session_started_in_the_run_and_still_open_keeps_its_last_count_and_open_rows()
    {
        var writes = SessionRecordFold.Fold([Started(), Joined(Host, 0, 1), Joined(Guest, 5, 2)]);

        Assert.NotNull(writes);
        var session = Assert.Single(writes.Sessions);
        Assert.Equal(2, session.ParticipantCount);
        Assert.Null(session.EndedAt);
        Assert.Null(session.EndReason);
        Assert.All(writes.Participants, p => Assert.Null(p.LeftAt));
    }

    [Fact]
    public void A_session_started_before_the_run_gets_its_leave_count_and_end_as_updates()
    {
        var leaveAndCount = SessionRecordFold.Fold([Left(Guest, 8, 1)]);
        Assert.NotNull(leaveAndCount);
        Assert.Equal([new FoldedLeave(SessionId, Guest, At(8))], leaveAndCount.Leaves);
        Assert.Equal([new FoldedCount(SessionId, 1)], leaveAndCount.Counts);
        Assert.Empty(leaveAndCount.Sessions);
        Assert.Empty(leaveAndCount.Ends);

        var joinAndEnd = SessionRecordFold.Fold([Joined(Guest, 9, 2), Ended(12, 2)]);
        Assert.NotNull(joinAndEnd);
        Assert.Equal([new FoldedParticipantRow(SessionId, Guest, "GUEST", false, 40, At(9), At(12))], joinAndEnd.Participants);
        Assert.Equal([new FoldedClose(SessionId, At(12))], joinAndEnd.Closes);
        Assert.Equal([new FoldedEnd(SessionId, "HOST_LEFT", At(12), 12, 2, 0)], joinAndEnd.Ends);
        Assert.Empty(joinAndEnd.Counts); // the end sets the count
    }

    [Fact]
    public void Runs_that_do_not_follow_a_sessions_normal_life_are_left_to_the_record_by_record_path()
    {
        Assert.Null(SessionRecordFold.Fold([Started(), Ended(5, 1), Joined(Guest, 6, 2)])); // after the end
        Assert.Null(SessionRecordFold.Fold([Joined(Guest, 5, 2), Started()])); // the start is not the first record
        Assert.Null(SessionRecordFold.Fold([Started(), Started()]));
        Assert.Null(SessionRecordFold.Fold([Started(), Joined(Guest, 5, 2), Joined(Guest, 6, 3)])); // joined twice
        Assert.Null(SessionRecordFold.Fold([Started(), Left(Guest, 5, 0)])); // nothing to close
        Assert.Null(SessionRecordFold.Fold([Left(Guest, 5, 1), Left(Guest, 6, 1)])); // the second finds nothing open
        // Started before the run: a row of the device written earlier could be open too.
        Assert.Null(SessionRecordFold.Fold([Joined(Guest, 5, 2), Left(Guest, 6, 1)]));
    }

    [Fact]
    public void A_record_with_an_id_that_is_not_a_uuid_is_unmappable()
    {
        var bad = new ParticipantLeftSession("not-a-uuid", Guest, At(1), 0);
        Assert.Throws<UnmappableRecordException>(() => SessionRecordFold.Fold([bad]));
    }
}
