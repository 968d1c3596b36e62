using SignalingAkka.Bench.Relay;
using SignalingAkka.Bench.Relay.Workloads;

// bench-relay SUBCOMMAND --option value …   (bench/run.sh drives it; see docs/benchmarks.md "Relay")
//   relay   relay-echo against --target signaling|baseline|peerjs
//   idle    N idle connections, server RSS per connection
//   churn   create + join + leave cycles per second (daemon)
//   storm   resume storm: clients in sessions dropped at once and rejoined (daemon)
//   report  merges the JSON lines of a run into CSV, tables, ratios and plot data
if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.WriteLine("usage: bench-relay relay|idle|churn|storm|report --option value …  (see bench/run.sh)");
    return args.Length == 0 ? 1 : 0;
}

var cli = new Cli(args.Skip(1));
try
{
    return args[0] switch
    {
        "relay" => await RelayEcho.RunAsync(cli),
        "idle" => await IdleConnections.RunAsync(cli),
        "churn" => await SessionChurn.RunAsync(cli),
        "storm" => await ResumeStorm.RunAsync(cli),
        "report" => Report.Run(cli),
        "probe" => Probe.Run(cli),
        _ => throw new ArgumentException($"unknown subcommand '{args[0]}'"),
    };
}
catch (ArgumentException e)
{
    Console.Error.WriteLine("bench-relay: " + e.Message);
    return 64;
}
