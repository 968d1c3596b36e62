using Akka.Actor;
using SignalingAkka.Actors.Common;
using Xunit.Abstractions;

namespace SignalingAkka.Actors.Tests;

public sealed class ConstructorPropsTests(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(output: output)
{
    [Fact]
    public void Each_actor_is_made_by_its_own_constructor_call_and_props_name_the_actor_type()
    {
        var made = 0;
        var props = ConstructorProps.For(() => new Echo(Interlocked.Increment(ref made)));

        var first = Sys.ActorOf(props);
        var second = Sys.ActorOf(props);
        first.Tell("who", TestActor);
        second.Tell("who", TestActor);

        Assert.Equal(typeof(Echo), props.Type);
        Assert.Equal([1, 2], new[] { ExpectMsg<int>(), ExpectMsg<int>() }.Order());
        Assert.Equal(2, made);
    }

    private sealed class Echo : ReceiveActor
    {
        public Echo(int number) => ReceiveAny(_ => Sender.Tell(number));
    }
}
