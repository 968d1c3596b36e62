using System.Text;
using SignalingAkka.Protocol;

namespace SignalingAkka.Actors.Sessions;

/// <summary>
/// The last messages pushed to one recipient, for a rejoin whose lastSeq shows it missed some that were
/// already written to its old socket. Bodies are kept as UTF-8 in buffers that each slot reuses: keeping
/// every relayed string alive for the next 256 relays moved it into older GC generations, which made
/// every collection under relay load a gen 1 and every third a gen 2 one.
/// </summary>
public sealed class RecentPushes(int capacity)
{
    // Buffers up to this size are reused; a larger one (a big SDP) is let go when its slot is overwritten.
    private const int ReusedBodyBytes = 4096;
    private const int SmallestBodyBuffer = 1024;

    private readonly Slot[] _slots = new Slot[capacity];
    private int _oldest;

    public int Count { get; private set; }

    public void Add(HeldMessage message)
    {
        if (capacity == 0) return;
        var index = (_oldest + Count) % capacity;
        if (Count == capacity) _oldest = (_oldest + 1) % capacity;
        else Count++;

        ref var slot = ref _slots[index];
        var bytes = Encoding.UTF8.GetByteCount(message.Body);
        if (slot.Body is null || slot.Body.Length < bytes || (slot.Body.Length > ReusedBodyBytes && bytes <= ReusedBodyBytes))
            slot.Body = new byte[Math.Max(bytes, SmallestBodyBuffer)];
        slot.BodyBytes = Encoding.UTF8.GetBytes(message.Body, slot.Body);
        slot.Seq = message.Seq;
        slot.Kind = message.Kind;
        slot.From = message.From;
        slot.SdpMid = message.SdpMid;
        slot.SdpMLineIndex = message.SdpMLineIndex;
        slot.At = message.At;
    }

    public void AddRange(IEnumerable<HeldMessage> messages)
    {
        foreach (var message in messages) Add(message);
    }

    /// <summary>The kept messages, oldest first, as new objects (a rejoin or a hand-off needs them, relays do not).</summary>
    public HeldMessage[] ToArray()
    {
        var messages = new HeldMessage[Count];
        for (var i = 0; i < Count; i++)
        {
            ref readonly var slot = ref _slots[(_oldest + i) % capacity];
            messages[i] = new HeldMessage(slot.Seq, slot.Kind, slot.From!, Encoding.UTF8.GetString(slot.Body!, 0, slot.BodyBytes),
                slot.SdpMid, slot.SdpMLineIndex, slot.At);
        }

        return messages;
    }

    private struct Slot
    {
        public long Seq;
        public SignalKind Kind;
        public string? From;
        public byte[]? Body;
        public int BodyBytes;
        public string? SdpMid;
        public int? SdpMLineIndex;
        public DateTimeOffset At;
    }
}
