using Akka.Persistence;
using Akka.Persistence.Snapshot;

namespace SignalingAkka.Actors.Tests;

/// <summary>
/// An in-memory snapshot store whose every operation completes under one lock before it returns.
/// The snapshot store API runs operations concurrently, and Akka's in-memory store lost a snapshot
/// when a save and a delete of older snapshots overlapped on a busy machine (sessions that
/// snapshot after every event then recovered to nothing).
/// </summary>
public sealed class LockedSnapshotStore : SnapshotStore
{
    private readonly Lock _lock = new();
    private readonly List<SelectedSnapshot> _snapshots = [];

    protected override Task<SelectedSnapshot?> LoadAsync(string persistenceId, SnapshotSelectionCriteria criteria,
        CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_snapshots
                .Where(s => s.Metadata.PersistenceId == persistenceId && Matches(criteria, s.Metadata))
                .MaxBy(s => s.Metadata.SequenceNr));
        }
    }

    protected override Task SaveAsync(SnapshotMetadata metadata, object snapshot, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            _snapshots.RemoveAll(s => s.Metadata.PersistenceId == metadata.PersistenceId && s.Metadata.SequenceNr == metadata.SequenceNr);
            _snapshots.Add(new SelectedSnapshot(metadata, snapshot));
        }

        return Task.CompletedTask;
    }

    protected override Task DeleteAsync(SnapshotMetadata metadata, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            _snapshots.RemoveAll(s => s.Metadata.PersistenceId == metadata.PersistenceId && s.Metadata.SequenceNr == metadata.SequenceNr);
        }

        return Task.CompletedTask;
    }

    protected override Task DeleteAsync(string persistenceId, SnapshotSelectionCriteria criteria,
        CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            _snapshots.RemoveAll(s => s.Metadata.PersistenceId == persistenceId && Matches(criteria, s.Metadata));
        }

        return Task.CompletedTask;
    }

    private static bool Matches(SnapshotSelectionCriteria criteria, SnapshotMetadata metadata) =>
        metadata.SequenceNr <= criteria.MaxSequenceNr && metadata.SequenceNr >= criteria.MinSequenceNr
        && metadata.Timestamp <= criteria.MaxTimeStamp && metadata.Timestamp >= (criteria.MinTimestamp ?? DateTime.MinValue);
}
