using System.Collections.Concurrent;
using SignalingAkka.Actors.Sessions;
using Xunit.Abstractions;

namespace SignalingAkka.Actors.Tests.Sessions;

public sealed class SessionWakerTests(ITestOutputHelper output) : ActorSpec(output)
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(300);

    [Fact]
    public void Wakes_every_open_session_the_listing_gives_as_it_starts()
    {
        var sessions = CreateTestProbe();
        var listing = new ScriptedListing(_ => Task.FromResult<IReadOnlyList<string>>(["s1", "s2"]));
        var hourly = TimeSpan.FromHours(1);

        Sys.ActorOf(SessionWaker.Props(sessions.Ref, listing, Clock, hourly));

        Assert.Equal(new SessionCommands.Wake("s1"), sessions.ExpectMsg<SessionCommands.Wake>());
        Assert.Equal(new SessionCommands.Wake("s2"), sessions.ExpectMsg<SessionCommands.Wake>());
        // Sessions younger than one interval are left to the next sweep.
        Assert.Equal([Start - hourly], listing.Calls);
    }

    [Fact]
    public void Wakes_them_again_every_interval()
    {
        var sessions = CreateTestProbe();
        var listing = new ScriptedListing(_ => Task.FromResult<IReadOnlyList<string>>(["s1"]));

        Sys.ActorOf(SessionWaker.Props(sessions.Ref, listing, Clock, Interval));

        for (var sweep = 0; sweep < 3; sweep++) Assert.Equal(new SessionCommands.Wake("s1"), sessions.ExpectMsg<SessionCommands.Wake>());
        Assert.True(listing.Calls.Count >= 3);
    }

    [Fact]
    public void A_listing_that_fails_is_tried_again_at_the_next_interval()
    {
        var sessions = CreateTestProbe();
        var attempts = 0;
        var listing = new ScriptedListing(_ => Interlocked.Increment(ref attempts) == 1
            ? Task.FromException<IReadOnlyList<string>>(new InvalidOperationException("database down"))
            : Task.FromResult<IReadOnlyList<string>>(["s1"]));

        Sys.ActorOf(SessionWaker.Props(sessions.Ref, listing, Clock, Interval));

        Assert.Equal(new SessionCommands.Wake("s1"), sessions.ExpectMsg<SessionCommands.Wake>());
        Assert.True(attempts >= 2);
    }

    [Fact]
    public void A_sweep_does_not_start_while_the_previous_listing_is_still_running()
    {
        var sessions = CreateTestProbe();
        var slow = new TaskCompletionSource<IReadOnlyList<string>>();
        var listing = new ScriptedListing(_ => slow.Task);

        Sys.ActorOf(SessionWaker.Props(sessions.Ref, listing, Clock, Interval));
        sessions.ExpectNoMsg(Interval * 4);

        Assert.Single(listing.Calls);
        slow.SetResult(["s1"]);
        Assert.Equal(new SessionCommands.Wake("s1"), sessions.ExpectMsg<SessionCommands.Wake>());
    }

    private sealed class ScriptedListing(Func<DateTimeOffset, Task<IReadOnlyList<string>>> answer) : IOpenSessions
    {
        private readonly ConcurrentQueue<DateTimeOffset> _calls = new();

        public IReadOnlyList<DateTimeOffset> Calls => _calls.ToArray();

        public Task<IReadOnlyList<string>> StartedBeforeAsync(DateTimeOffset before, CancellationToken ct)
        {
            _calls.Enqueue(before);
            return answer(before);
        }
    }
}
