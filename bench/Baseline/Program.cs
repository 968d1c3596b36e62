using System.Runtime;
using SignalingAkka.Bench.Baseline;

// A bare SignalR relay: Register(name), then Relay(to, payload) pushes "Relay"(from, payload) to the
// connection registered under `to`. JSON and MessagePack hub protocols, SignalR defaults otherwise,
// no authentication, no logging on the hot path. `--urls http://127.0.0.1:PORT` picks the port.
// Socket I/O stays at the .NET defaults unless DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 is set; then
// Kestrel schedules inline too, as the daemon does by default (to compare like with like).
var inlineSocketIo = Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") == "1";
var builder = WebApplication.CreateBuilder(args);
builder.WebHost.UseSockets(sockets => sockets.UnsafePreferInlineScheduling = inlineSocketIo);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddSingleton<Registry>();
builder.Services.AddSignalR().AddJsonProtocol().AddMessagePackProtocol();

var app = builder.Build();
app.UseWebSockets();
app.MapHub<RelayHub>("/relay");
app.MapGet("/healthz", () => Results.Text("alive"));
// What the runtime chose on this CPU set: with one CPU .NET silently uses workstation GC.
app.MapGet("/runtime", () => Results.Json(new
{
    processorCount = Environment.ProcessorCount,
    isServerGc = GCSettings.IsServerGC,
    latencyMode = GCSettings.LatencyMode.ToString(),
    framework = System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
    unfairSemaphoreSpinLimit = Environment.GetEnvironmentVariable("DOTNET_ThreadPool_UnfairSemaphoreSpinLimit"),
    inlineSocketIo,
}));
app.Run();
