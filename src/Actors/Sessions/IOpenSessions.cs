namespace SignalingAkka.Actors.Sessions;

/// <summary>Where the sessions not yet ended are listed (the read model), for <see cref="SessionWaker"/>.</summary>
public interface IOpenSessions
{
    /// <summary>Ids of the sessions started before <paramref name="before"/> that have not ended.</summary>
    Task<IReadOnlyList<string>> StartedBeforeAsync(DateTimeOffset before, CancellationToken ct);
}
