using SignalingAkka.Actors.ReadModel;

namespace SignalingAkka.Host.ReadModel;

/// <summary>A session_history row as it stands after a run of records: ended when the run holds its end.</summary>
public sealed record FoldedSessionRow(
    Guid Id, string SessionType, string HostFingerprint, Guid? HostUserId, string LicenseTier, DateTimeOffset StartedAt,
    int ParticipantCount, int HubMigrationCount, string? EndReason, DateTimeOffset? EndedAt, int? DurationSeconds);

/// <summary>A session_participants row as it stands after a run of records: closed when the run holds its leave or the end.</summary>
public sealed record FoldedParticipantRow(
    Guid SessionId, string Fingerprint, string Role, bool IsLicensed, int CapabilityScore, DateTimeOffset JoinedAt,
    DateTimeOffset? LeftAt);

/// <summary>A device's open row of a session written before the run, closed at <paramref name="LeftAt"/>.</summary>
public sealed record FoldedLeave(Guid SessionId, string Fingerprint, DateTimeOffset LeftAt);

/// <summary>Every row of a session written before the run that is still open, closed at <paramref name="EndedAt"/>.</summary>
public sealed record FoldedClose(Guid SessionId, DateTimeOffset EndedAt);

/// <summary>The participant count of a session written before the run.</summary>
public sealed record FoldedCount(Guid SessionId, int ParticipantCount);

/// <summary>The end of a session written before the run.</summary>
public sealed record FoldedEnd(
    Guid SessionId, string EndReason, DateTimeOffset EndedAt, int DurationSeconds, int ParticipantCount, int HubMigrationCount);

/// <summary>
/// What a run of session records leaves in the tables, as sets of rows; <see cref="PostgresSessionSetWrites"/>
/// writes each set with one statement, in the order of the properties.
/// </summary>
public sealed record FoldedSessionWrites(
    IReadOnlyList<FoldedSessionRow> Sessions,
    IReadOnlyList<FoldedLeave> Leaves,
    IReadOnlyList<FoldedClose> Closes,
    IReadOnlyList<FoldedParticipantRow> Participants,
    IReadOnlyList<FoldedCount> Counts,
    IReadOnlyList<FoldedEnd> Ends);

/// <summary>
/// Folds a run of consecutive session records (start, join, leave, end) into the rows they leave behind.
/// A session started, joined, left and ended within the run becomes one session row and its participant
/// rows, already closed, instead of eight statements; a session started before the run gets the updates
/// its records still need. A run whose records do not follow a session's normal life (a record after the
/// end, a start that is not the session's first record, a device joining twice, a leave with no row to
/// close, ...) is not folded: the caller writes it record by record, where each such outcome is looked into.
/// </summary>
public static class SessionRecordFold
{
    /// <summary>The rows the run leaves; null when the run cannot be folded.</summary>
    public static FoldedSessionWrites? Fold(IReadOnlyList<ReadModelRecord> run)
    {
        var sessions = new Dictionary<Guid, SessionInRun>();
        var order = new List<SessionInRun>();
        foreach (var record in run)
        {
            var folded = record switch
            {
                SessionStarted r => Start(r),
                ParticipantJoinedSession r => In(r.SessionId)?.Join(r) ?? false,
                ParticipantLeftSession r => In(r.SessionId)?.Leave(r) ?? false,
                SessionEndedRecord r => In(r.SessionId)?.End(r) ?? false,
                _ => false,
            };
            if (!folded) return null;
        }

        return new FoldedSessionWrites(
            order.Where(s => s.Started is not null).Select(s => s.Row()).ToList(),
            order.SelectMany(s => s.Leaves).ToList(),
            order.Where(s => s.Started is null && s.Ended is not null).Select(s => new FoldedClose(s.Id, RecordValues.Utc(s.Ended!.EndedAt))).ToList(),
            order.SelectMany(s => s.Participants).Select(p => p.Row()).ToList(),
            order.Where(s => s.Started is null && s.Ended is null && s.Count is not null)
                .Select(s => new FoldedCount(s.Id, s.Count!.Value)).ToList(),
            order.Where(s => s.Started is null && s.Ended is not null).Select(s => s.EndRow()).ToList());

        bool Start(SessionStarted record)
        {
            var id = RecordValues.Id(record.SessionId, nameof(record.SessionId));
            if (sessions.ContainsKey(id)) return false;
            Track(new SessionInRun(id) { Started = record });
            return true;
        }

        SessionInRun? In(string sessionId)
        {
            var id = RecordValues.Id(sessionId, "SessionId");
            if (sessions.TryGetValue(id, out var session)) return session.Ended is null ? session : null;
            return Track(new SessionInRun(id));
        }

        SessionInRun Track(SessionInRun session)
        {
            sessions.Add(session.Id, session);
            order.Add(session);
            return session;
        }
    }

    private sealed class SessionInRun(Guid id)
    {
        public Guid Id { get; } = id;
        public SessionStarted? Started { get; init; }
        public SessionEndedRecord? Ended { get; private set; }
        public int? Count { get; private set; }
        public List<ParticipantInRun> Participants { get; } = [];
        public List<FoldedLeave> Leaves { get; } = [];

        public bool Join(ParticipantJoinedSession record)
        {
            var joinedAt = RecordValues.Utc(record.JoinedAt);
            if (Participants.Exists(p => p.Record.Fingerprint == record.Fingerprint && (p.LeftAt is null || p.JoinedAt == joinedAt)))
                return false;
            Participants.Add(new ParticipantInRun(Id, record, joinedAt));
            Count = record.ParticipantCount;
            return true;
        }

        public bool Leave(ParticipantLeftSession record)
        {
            var open = Participants.Find(p => p.Record.Fingerprint == record.Fingerprint && p.LeftAt is null);
            if (open is not null)
            {
                // Rows written before the run could be open too; which of them this leave closes is left to the record path.
                if (Started is null) return false;
                open.LeftAt = RecordValues.Utc(record.LeftAt);
            }
            else
            {
                // With no row of this run to close, the leave must close exactly one row written before it.
                if (Started is not null || Participants.Exists(p => p.Record.Fingerprint == record.Fingerprint)
                    || Leaves.Exists(l => l.Fingerprint == record.Fingerprint))
                    return false;
                Leaves.Add(new FoldedLeave(Id, record.Fingerprint, RecordValues.Utc(record.LeftAt)));
            }

            Count = record.ParticipantCount;
            return true;
        }

        public bool End(SessionEndedRecord record)
        {
            var endedAt = RecordValues.Utc(record.EndedAt);
            foreach (var participant in Participants) participant.LeftAt ??= endedAt;
            Ended = record;
            return true;
        }

        public FoldedSessionRow Row()
        {
            var start = Started!;
            return new FoldedSessionRow(Id, RecordValues.Name(start.SessionType), start.HostFingerprint,
                RecordValues.OptionalId(start.HostUserId, nameof(start.HostUserId)), RecordValues.Name(start.Tier),
                RecordValues.Utc(start.StartedAt), Ended?.ParticipantCount ?? Count ?? 0, Ended?.HubMigrationCount ?? 0,
                Ended is null ? null : RecordValues.Name(Ended.Reason), Ended is null ? null : RecordValues.Utc(Ended.EndedAt),
                Ended?.DurationSeconds);
        }

        public FoldedEnd EndRow()
        {
            var end = Ended!;
            return new FoldedEnd(Id, RecordValues.Name(end.Reason), RecordValues.Utc(end.EndedAt), end.DurationSeconds,
                end.ParticipantCount, end.HubMigrationCount);
        }
    }

    private sealed class ParticipantInRun(Guid sessionId, ParticipantJoinedSession record, DateTimeOffset joinedAt)
    {
        public ParticipantJoinedSession Record { get; } = record;
        public DateTimeOffset JoinedAt { get; } = joinedAt;
        public DateTimeOffset? LeftAt { get; set; }

        public FoldedParticipantRow Row() => new(sessionId, Record.Fingerprint, RecordValues.Name(Record.Role), Record.IsLicensed,
            Record.CapabilityScore, JoinedAt, LeftAt);
    }
}
