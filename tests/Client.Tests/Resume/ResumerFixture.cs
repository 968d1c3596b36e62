using Microsoft.Extensions.Logging.Abstractions;

namespace SignalingAkka.Client.Tests.Resume;

/// <summary>A <see cref="SessionResumer"/> over fakes, for tests that neither connect nor wait.</summary>
public abstract class ResumerFixture
{
    internal const string Own = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    internal const string Other = "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210";

    /// <summary>Long enough for a slow machine, short enough that a hang fails the test.</summary>
    internal static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private protected ResumerFixture()
    {
        Resumer = new SessionResumer(Target, Own, Delay.WaitAsync, NullLogger.Instance);
    }

    internal FakeRejoinTarget Target { get; } = new();
    internal FakeDelay Delay { get; } = new();
    internal SessionResumer Resumer { get; }

    internal Task RejoinAllAsync() => Resumer.RejoinAllAsync().WaitAsync(Patience);

    internal void Track(params string[] sessionIds)
    {
        foreach (var sessionId in sessionIds) Resumer.Track(sessionId);
    }
}
