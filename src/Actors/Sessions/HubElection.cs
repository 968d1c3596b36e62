namespace SignalingAkka.Actors.Sessions;

/// <summary>
/// Who should be the hub: the highest capability score among connected participants. A connected hub
/// is replaced only by a challenger that beats it by more than the hysteresis (so scores that wobble do
/// not move the hub back and forth); equal challengers keep the hub; among equals the earliest joined wins.
/// </summary>
public static class HubElection
{
    /// <returns>The participant that should take over, or null when the hub stays.</returns>
    public static ParticipantState? Challenger(SessionState state, Func<string, bool> isConnected, double hysteresis)
    {
        ParticipantState? best = null;
        foreach (var participant in state.Participants)
            if (isConnected(participant.Fingerprint) && (best is null || participant.Score > best.Score))
                best = participant;

        if (best is null || best.Fingerprint == state.HubFingerprint) return null;
        var hub = state.Find(state.HubFingerprint);
        if (hub is null || !isConnected(hub.Fingerprint)) return best;
        return best.Score > hub.Score * (1 + hysteresis) ? best : null;
    }
}
