using System.Collections.Concurrent;
using System.Diagnostics;
using SignalingAkka.Client;
using SignalingAkka.Host.Configuration;
using SignalingAkka.Integration.Tests.Infrastructure;
using SignalingAkka.Protocol;
using SignalingAkka.Tests.Support;

namespace SignalingAkka.Integration.Tests.Operation;

/// <summary>
/// The daemon as operators run it: its own process, started through Program, on PostgreSQL. The rest of the
/// suite hosts the daemon inside the test process, where Program's process-wide defaults do not apply.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class DaemonProcessTests(PostgresFixture postgres) : IDisposable
{
    private const string License = "process-licence";
    private const int Relays = 300;
    private readonly TempDirectory _directory = new();

    [Theory]
    [InlineData(null, true)]
    [InlineData("0", false)]
    public async Task The_daemon_process_relays_and_stops_cleanly_with_socket_io_inline_by_default(string? variable, bool inline)
    {
        var database = await postgres.CreateDatabaseAsync();
        await using var daemon = await DaemonProcess.StartAsync(_directory.Path, database, License, variable);

        Assert.Contains(daemon.Output, line => line.Contains($"Socket I/O completes on the I/O threads: {inline}"));

        await using var host = TestDevice.Create(daemon.BaseUrl, "host", WireProtocol.MessagePack);
        await using var guest = TestDevice.Create(daemon.BaseUrl, "guest", WireProtocol.Json);
        await host.ConnectAsync();
        await guest.ConnectAsync();

        var session = await host.Client.CreateSessionAsync(License, SessionType.CALL);
        await guest.Client.JoinSessionAsync(session.InviteCode);
        for (var i = 1; i <= Relays; i++)
        {
            await host.Client.PostIceCandidateAsync(session.SessionId, guest.Fingerprint, $"candidate:{i}");
            await guest.Client.PostIceCandidateAsync(session.SessionId, host.Fingerprint, $"candidate:{i}");
        }

        for (var i = 1; i <= Relays; i++)
        {
            var atGuest = await guest.NextAsync<IceCandidateEvent>();
            var atHost = await host.NextAsync<IceCandidateEvent>();
            Assert.Equal(((long)i, $"candidate:{i}"), (atGuest.Seq, atGuest.Candidate));
            Assert.Equal(((long)i, $"candidate:{i}"), (atHost.Seq, atHost.Candidate));
        }

        await host.Client.LeaveSessionAsync(session.SessionId);
        await guest.NextAsync<SessionEndedEvent>();

        Assert.Equal(0, await daemon.StopAsync());
    }

    public void Dispose() => _directory.Dispose();

    /// <summary>signaling-akka.dll from the test's output folder, run by `dotnet` with its output collected.</summary>
    private sealed class DaemonProcess : IAsyncDisposable
    {
        private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);
        private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);
        private readonly Process _process;
        private readonly ConcurrentQueue<string> _output = new();

        private DaemonProcess(Process process, Uri baseUrl)
        {
            _process = process;
            BaseUrl = baseUrl;
        }

        public Uri BaseUrl { get; }

        public IReadOnlyCollection<string> Output => _output.ToArray();

        public static async Task<DaemonProcess> StartAsync(string dataDirectory, string database, string license, string? inlineVariable)
        {
            var baseUrl = new Uri($"http://127.0.0.1:{LoopbackPorts.Free()}");
            var start = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = AppContext.BaseDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "signaling-akka.dll"));
            start.ArgumentList.Add("--urls");
            start.ArgumentList.Add(baseUrl.ToString().TrimEnd('/'));
            start.Environment.Remove(InlineSocketIo.Variable);
            if (inlineVariable is not null) start.Environment[InlineSocketIo.Variable] = inlineVariable;
            start.Environment["Logging__LogLevel__Default"] = "Information";
            start.Environment["Signaling__Storage__DataDirectory"] = dataDirectory;
            start.Environment["Signaling__Storage__PostgresConnectionString"] = database;
            start.Environment["Signaling__Licenses__0__Token"] = license;
            start.Environment["Signaling__Licenses__0__Tier"] = "PROFESSIONAL";

            var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
            var daemon = new DaemonProcess(process, baseUrl);
            process.OutputDataReceived += (_, e) => daemon.Collect(e.Data);
            process.ErrorDataReceived += (_, e) => daemon.Collect(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            await daemon.WaitUntilReadyAsync();
            return daemon;
        }

        /// <summary>Sends SIGTERM, as an init system does, and returns the exit code.</summary>
        public async Task<int> StopAsync()
        {
            using var kill = Process.Start("kill", ["-s", "TERM", _process.Id.ToString()]);
            await kill.WaitForExitAsync();
            using var timeout = new CancellationTokenSource(StopTimeout);
            await _process.WaitForExitAsync(timeout.Token);
            return _process.ExitCode;
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }

            _process.Dispose();
        }

        private void Collect(string? line)
        {
            if (line is not null) _output.Enqueue(line);
        }

        private async Task WaitUntilReadyAsync()
        {
            using var http = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(2) };
            var deadline = DateTime.UtcNow + ReadyTimeout;
            while (DateTime.UtcNow < deadline)
            {
                if (_process.HasExited) break;
                try
                {
                    if ((await http.GetAsync("/ready")).IsSuccessStatusCode) return;
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }
                catch (TaskCanceledException)
                {
                    // Listening, not answering yet.
                }

                await Task.Delay(100);
            }

            throw new TimeoutException($"the daemon process was not ready; its output:\n{string.Join('\n', Output.TakeLast(40))}");
        }
    }
}
