using System.Collections.Concurrent;
using SignalingAkka.Actors.ReadModel;

namespace SignalingAkka.Actors.Tests;

/// <summary>An <see cref="IReadModelSink"/> that keeps every record, in order.</summary>
public sealed class RecordingReadModel : IReadModelSink
{
    private readonly ConcurrentQueue<ReadModelRecord> _records = new();

    public IReadOnlyList<ReadModelRecord> Records => _records.ToArray();

    public void Record(ReadModelRecord record) => _records.Enqueue(record);
}
