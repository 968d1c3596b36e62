using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace SignalingAkka.Bench.Persistence;

/// <summary>
/// A throwaway PostgreSQL 15 server for the benchmark, adapted from the integration tests' fixture
/// (tests/Integration.Tests/Infrastructure/PostgresServer.cs; bench must not depend on the test project).
/// Unlike the fixture it keeps PostgreSQL's durability defaults (fsync, synchronous_commit and
/// full_page_writes on), so commit latency is honest. initdb refuses root, so under root the server runs as
/// the system user <c>signaling-pg</c> (created on first use, the same user the fixture uses). The postmaster
/// can be pinned to other CPUs than the benchmark (taskset), as a database on its own core.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private const string ServiceUser = "signaling-pg";
    private const string DefaultBinDirectory = "/usr/lib/postgresql/15/bin";
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    private readonly string _binDirectory;
    private readonly string? _runAsUser;
    private readonly string? _cpus;
    private Process? _postmaster;
    private int _disposed;

    private PostgresServer(string binDirectory, string? runAsUser, string baseDirectory, string? cpus)
    {
        _binDirectory = binDirectory;
        _runAsUser = runAsUser;
        _cpus = cpus;
        BaseDirectory = baseDirectory;
        DataDirectory = Path.Combine(baseDirectory, "data");
        LogFile = Path.Combine(baseDirectory, "postgres.log");
    }

    public int Port { get; private set; }

    public string BaseDirectory { get; }

    public string DataDirectory { get; }

    public string LogFile { get; }

    /// <summary>The postmaster's pid, from postmaster.pid (the process we start is runuser or a shell wrapper).</summary>
    public int? PostmasterPid()
    {
        try
        {
            var first = File.ReadLines(Path.Combine(DataDirectory, "postmaster.pid")).FirstOrDefault();
            return int.TryParse(first, NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid) ? pid : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private string AdminConnectionString => ConnectionStringFor("postgres", pooling: false);

    /// <param name="cpus">A taskset CPU list for the server (e.g. "1"), or null to inherit this process's affinity.</param>
    public static async Task<PostgresServer> StartAsync(string? cpus, CancellationToken ct = default)
    {
        var binDirectory = Environment.GetEnvironmentVariable("PG_BIN") is { Length: > 0 } fromEnv ? fromEnv : DefaultBinDirectory;
        if (!File.Exists(Path.Combine(binDirectory, "initdb")) || !File.Exists(Path.Combine(binDirectory, "postgres")))
            throw new InvalidOperationException(
                $"PostgreSQL binaries not found in '{binDirectory}' (set PG_BIN or `apt-get install -y postgresql-15`).");

        var runAsUser = Environment.IsPrivilegedProcess ? ServiceUser : null;
        if (runAsUser is not null) await EnsureServiceUserAsync(ct);

        var baseDirectory = CreatePrivateDirectory(runAsUser is not null);
        var server = new PostgresServer(binDirectory, runAsUser, baseDirectory, cpus);
        try
        {
            if (runAsUser is not null) await RunCheckedAsync(Tool("chown"), [$"{runAsUser}:", baseDirectory], null, ct);
            await server.InitDbAsync(ct);
            await server.StartPostmasterAsync(ct);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Creates an empty database; returns a pooled connection string to it as superuser "postgres".</summary>
    public async Task<string> CreateDatabaseAsync(string name, CancellationToken ct = default)
    {
        await using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            await connection.OpenAsync(ct);
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync(ct);
        }

        return ConnectionStringFor(name, pooling: true);
    }

    /// <summary>Durability and memory settings as the server reports them, for the record.</summary>
    public async Task<string> DescribeSettingsAsync()
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        var parts = new List<string>();
        foreach (var setting in (string[])["server_version", "fsync", "synchronous_commit", "full_page_writes", "wal_sync_method", "shared_buffers", "commit_delay"])
        {
            await using var command = new NpgsqlCommand($"SHOW {setting}", connection);
            parts.Add($"{setting}={await command.ExecuteScalarAsync()}");
        }

        return string.Join(", ", parts);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        var postmaster = _postmaster;
        _postmaster = null;
        if (postmaster is not null)
        {
            try
            {
                await StopPostmasterAsync(postmaster);
            }
            finally
            {
                postmaster.Dispose();
            }
        }

        for (var attempt = 0; ; attempt++)
        {
            try
            {
                if (Directory.Exists(BaseDirectory)) Directory.Delete(BaseDirectory, recursive: true);
                return;
            }
            catch (Exception e) when ((e is IOException or UnauthorizedAccessException) && attempt < 20)
            {
                await Task.Delay(100);
            }
        }
    }

    private string ConnectionStringFor(string database, bool pooling) =>
        $"Host=127.0.0.1;Port={Port};Database={database};Username=postgres" + (pooling ? string.Empty : ";Pooling=false");

    private async Task InitDbAsync(CancellationToken ct)
    {
        // --no-locale: the machine's LANG may name a locale that is not generated. --no-sync only skips
        // syncing the freshly created files at the end of initdb; the server itself runs with fsync on.
        var (exitCode, output) = await RunAsync(Path.Combine(_binDirectory, "initdb"),
            ["-D", DataDirectory, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8", "--no-locale"], _runAsUser, ct);
        if (exitCode != 0) throw new InvalidOperationException($"initdb failed with exit code {exitCode}:{Environment.NewLine}{output}");
    }

    private async Task StartPostmasterAsync(CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            Port = FindFreePort();
            if (await TryStartOnPortAsync(ct)) return;
            if (attempt >= 5)
                throw new InvalidOperationException($"PostgreSQL did not start (log {LogFile}):{Environment.NewLine}{ReadTail(LogFile, 40)}");
        }
    }

    private async Task<bool> TryStartOnPortAsync(CancellationToken ct)
    {
        var postgres = Path.Combine(_binDirectory, "postgres");
        var port = Port.ToString(CultureInfo.InvariantCulture);
        // Server output goes straight into the log file. No durability settings are passed: PostgreSQL defaults.
        List<string> command = ["-c", "log=$1; shift; exec \"$@\" >>\"$log\" 2>&1", "sh", LogFile];
        if (_cpus is not null) command.AddRange([Tool("taskset"), "-c", _cpus]);
        command.AddRange([postgres, "-D", DataDirectory, "-h", "127.0.0.1", "-p", port, "-k", BaseDirectory]);
        var process = Process.Start(CreateStartInfo("/bin/sh", command, _runAsUser, redirect: false))
                      ?? throw new InvalidOperationException("Could not start the postgres process.");
        _postmaster = process;

        var deadline = Stopwatch.StartNew();
        var probe = ConnectionStringFor("postgres", pooling: false) + ";Timeout=5;Command Timeout=5";
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            if (process.HasExited)
            {
                _postmaster = null;
                process.Dispose();
                return false;
            }

            try
            {
                await using var connection = new NpgsqlConnection(probe);
                await connection.OpenAsync(ct);
                await using var select = new NpgsqlCommand("SELECT 1", connection);
                await select.ExecuteScalarAsync(ct);
                return true;
            }
            catch (Exception e) when (e is NpgsqlException or SocketException or IOException or TimeoutException && !ct.IsCancellationRequested)
            {
                // not up yet
            }

            if (deadline.Elapsed > StartupTimeout)
                throw new TimeoutException($"PostgreSQL did not accept connections within {StartupTimeout.TotalSeconds:0} s:{Environment.NewLine}{ReadTail(LogFile, 40)}");
            await Task.Delay(50, ct);
        }
    }

    private async Task StopPostmasterAsync(Process postmaster)
    {
        if (postmaster.HasExited) return;
        try
        {
            await RunAsync(Path.Combine(_binDirectory, "pg_ctl"),
                ["stop", "-D", DataDirectory, "-m", "fast", "-s", "-t", ((int)StopTimeout.TotalSeconds).ToString(CultureInfo.InvariantCulture)],
                _runAsUser, CancellationToken.None);
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // fall through to waiting and killing
        }

        using var wait = new CancellationTokenSource(StopTimeout);
        try
        {
            await postmaster.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            try
            {
                postmaster.Kill(entireProcessTree: true);
                await postmaster.WaitForExitAsync(CancellationToken.None);
            }
            catch (InvalidOperationException)
            {
                // exited meanwhile
            }
        }
    }

    private static int FindFreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }

    private static string CreatePrivateDirectory(bool mustBeReachableByOthers)
    {
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("Runs the Debian PostgreSQL binaries; Linux only.");
        var tempRoot = Path.GetTempPath();
        if (mustBeReachableByOthers && !IsSearchableByOthers(tempRoot)) tempRoot = "/tmp";
        var directory = Path.Combine(tempRoot, $"signaling-bench-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return directory;
    }

    private static bool IsSearchableByOthers(string path)
    {
        if (OperatingSystem.IsWindows()) return true;
        for (var current = new DirectoryInfo(Path.GetFullPath(path)); current is not null; current = current.Parent)
            if (!current.Exists || (current.UnixFileMode & UnixFileMode.OtherExecute) == 0) return false;
        return true;
    }

    private static async Task EnsureServiceUserAsync(CancellationToken ct)
    {
        if ((await RunAsync(Tool("id"), [ServiceUser], null, ct)).ExitCode == 0) return;
        var (exitCode, output) = await RunAsync(Tool("useradd"),
            ["--system", "--no-create-home", "--shell", "/usr/sbin/nologin", ServiceUser], null, ct);
        if (exitCode != 0 && (await RunAsync(Tool("id"), [ServiceUser], null, ct)).ExitCode != 0)
            throw new InvalidOperationException($"useradd {ServiceUser} failed with exit code {exitCode}: {output}");
    }

    private static async Task RunCheckedAsync(string fileName, IReadOnlyList<string> arguments, string? runAsUser, CancellationToken ct)
    {
        var (exitCode, output) = await RunAsync(fileName, arguments, runAsUser, ct);
        if (exitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(fileName)} {string.Join(' ', arguments)} failed with exit code {exitCode}: {output}");
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string fileName, IReadOnlyList<string> arguments, string? runAsUser, CancellationToken ct)
    {
        using var process = Process.Start(CreateStartInfo(fileName, arguments, runAsUser, redirect: true))
                            ?? throw new InvalidOperationException($"Could not start {fileName}.");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        return (process.ExitCode, await stdout + await stderr);
    }

    private static ProcessStartInfo CreateStartInfo(string fileName, IReadOnlyList<string> arguments, string? runAsUser, bool redirect)
    {
        var startInfo = new ProcessStartInfo
        {
            UseShellExecute = false,
            RedirectStandardInput = redirect,
            RedirectStandardOutput = redirect,
            RedirectStandardError = redirect,
        };
        if (runAsUser is null)
        {
            startInfo.FileName = fileName;
        }
        else
        {
            startInfo.FileName = Tool("runuser");
            foreach (var a in (string[])["-u", runAsUser, "--", fileName]) startInfo.ArgumentList.Add(a);
        }

        foreach (var argument in arguments) startInfo.ArgumentList.Add(argument);
        foreach (var key in startInfo.Environment.Keys.Where(k => k.StartsWith("PG", StringComparison.Ordinal)).ToList())
            startInfo.Environment.Remove(key);
        startInfo.Environment["LC_ALL"] = "C";
        return startInfo;
    }

    private static string Tool(string name)
    {
        foreach (var directory in (string[])["/usr/sbin", "/usr/bin", "/sbin", "/bin"])
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate)) return candidate;
        }

        return name;
    }

    private static string ReadTail(string path, int lines)
    {
        try
        {
            var all = File.ReadAllLines(path);
            return string.Join(Environment.NewLine, all.Skip(Math.Max(0, all.Length - lines)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"(no log: {e.Message})";
        }
    }
}
