using System.Collections.Immutable;
using Akka.Actor;
using Akka.Persistence;
using Akka.Persistence.Journal;
using Akka.Serialization;
using Akka.Util;

namespace SignalingAkka.Host.Akka;

/// <summary>One journal row as Akka.Persistence.Sql stores it (default mapping, tags in the tag table).</summary>
/// <param name="Created">Ticks (not milliseconds) of UTC time: what the plugin stores.</param>
/// <param name="Manifest">The payload serializer's manifest, empty (never null) when it has none.</param>
/// <param name="Tags">Written to the tag table, one row each.</param>
public sealed record JournalRow(
    string PersistenceId, long SequenceNr, long Created, byte[] Message, string Manifest, int Identifier,
    string[] Tags);

/// <summary>The rows of a journal write, and for each AtomicWrite the exception that rejects it (or null).</summary>
public sealed record SerializedWrites(IReadOnlyList<JournalRow> Rows, IImmutableList<Exception> Rejections);

/// <summary>
/// Turns AtomicWrites into journal rows exactly as Akka.Persistence.Sql's ByteArrayJournalSerializer does, so
/// that the plugin reads back what we write: the payload (not the IPersistentRepresentation around it) goes
/// through the serializer Akka picks for its type, tags come out of a Tagged payload, and a write whose payload
/// cannot be serialized is rejected whole while the others are kept.
/// </summary>
public sealed class JournalRowSerializer(ExtendedActorSystem system, string? defaultSerializer)
{
    private readonly Serialization _serialization = system.Serialization;

    /// <param name="now">UTC ticks, used for rows whose representation carries no timestamp of its own.</param>
    public SerializedWrites Serialize(IReadOnlyList<AtomicWrite> writes, long now)
    {
        var rows = new List<JournalRow>(writes.Count);
        // The array's unset entries are the writes that were not rejected; Akka reads null as success.
        var rejections = new Exception[writes.Count];
        for (var i = 0; i < writes.Count; i++)
        {
            var write = writes[i];
            if (write.Payload is not IImmutableList<IPersistentRepresentation> payloads)
            {
                rejections[i] = new ArgumentNullException(
                    $"{write.PersistenceId} received empty payload for sequenceNr range " +
                    $"{write.LowestSequenceNr} - {write.HighestSequenceNr}");
                continue;
            }

            var writeRows = new JournalRow[payloads.Count];
            try
            {
                for (var j = 0; j < payloads.Count; j++) writeRows[j] = Serialize(payloads[j], now);
            }
            catch (Exception e)
            {
                rejections[i] = e;
                continue;
            }

            rows.AddRange(writeRows);
        }

        return new SerializedWrites(rows, ImmutableList.Create(rejections));
    }

    private JournalRow Serialize(IPersistentRepresentation representation, long now)
    {
        var (payload, tags) = representation.Payload is Tagged tagged
            ? (tagged.Payload, tagged.Tags.ToArray())
            : (representation.Payload, []);
        var serializer = _serialization.FindSerializerForType(payload.GetType(), defaultSerializer);
        // Serialized with the system's own address, as the plugin does, so actor refs inside events resolve.
        var (message, manifest) = Serialization.WithTransport(system, (serializer, payload), static state =>
        {
            var (serializer, payload) = state;
            var manifest = serializer switch
            {
                SerializerWithStringManifest withManifest => withManifest.Manifest(payload),
                { IncludeManifest: true } => payload.GetType().TypeQualifiedName(),
                _ => string.Empty,
            };
            return (serializer.ToBinary(payload), manifest);
        });
        return new JournalRow(representation.PersistenceId, representation.SequenceNr,
            representation.Timestamp == 0 ? now : representation.Timestamp, message, manifest, serializer.Identifier,
            tags);
    }
}
