using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Npgsql;
using SignalingAkka.Tests.Support;

namespace SignalingAkka.Integration.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL 15 server for tests: a fresh cluster in a temporary directory,
/// listening on 127.0.0.1 on a free port, with durability switched off for speed.
/// There is no Docker engine on the build machines, so this runs the Debian binaries
/// (package postgresql-15) directly. initdb refuses to run as root, so under root the
/// server runs as the dedicated system user <c>signaling-pg</c> (created on first use).
/// </summary>
public sealed partial class PostgresServer : IAsyncDisposable
{
    private const string ServiceUser = "signaling-pg";
    private const string DefaultBinDirectory = "/usr/lib/postgresql/15/bin";
    private const int MaxPortAttempts = 5;
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    private readonly string _binDirectory;
    private readonly string? _runAsUser;
    private Process? _postmaster;
    private int _disposed;

    private PostgresServer(string binDirectory, string? runAsUser, string baseDirectory)
    {
        _binDirectory = binDirectory;
        _runAsUser = runAsUser;
        BaseDirectory = baseDirectory;
        DataDirectory = Path.Combine(baseDirectory, "data");
        LogFile = Path.Combine(baseDirectory, "postgres.log");
    }

    /// <summary>The TCP port on 127.0.0.1 the server listens on.</summary>
    public int Port { get; private set; }

    /// <summary>The temporary directory holding the data directory, the log and the Unix socket.</summary>
    public string BaseDirectory { get; }

    public string DataDirectory { get; }

    /// <summary>The server's stdout and stderr (initdb's output is in initdb.log beside it).</summary>
    public string LogFile { get; }

    /// <summary>Connection string of the superuser to the maintenance database "postgres".</summary>
    public string AdminConnectionString => ConnectionStringFor("postgres", pooling: false);

    /// <summary>
    /// Creates a cluster with initdb and starts a postmaster on a free port; returns once a
    /// client connection succeeds. Throws <see cref="TimeoutException"/> after 60 s, with the
    /// tail of the server log in the message.
    /// </summary>
    public static async Task<PostgresServer> StartAsync(CancellationToken ct = default)
    {
        var binDirectory = Environment.GetEnvironmentVariable("PG_BIN") is { Length: > 0 } fromEnv
            ? fromEnv
            : DefaultBinDirectory;
        if (!File.Exists(Path.Combine(binDirectory, "initdb")) || !File.Exists(Path.Combine(binDirectory, "postgres")))
        {
            throw new InvalidOperationException(
                $"PostgreSQL binaries not found in '{binDirectory}' (set PG_BIN or `apt-get install -y postgresql-15`).");
        }

        var runAsUser = Environment.IsPrivilegedProcess ? ServiceUser : null;
        if (runAsUser is not null)
        {
            await EnsureServiceUserAsync(ct).ConfigureAwait(false);
        }

        var baseDirectory = CreatePrivateDirectory(runAsUser is not null);
        var server = new PostgresServer(binDirectory, runAsUser, baseDirectory);
        try
        {
            if (runAsUser is not null)
            {
                await RunCheckedAsync(Tool("chown"), [$"{runAsUser}:", baseDirectory], null, ct).ConfigureAwait(false);
            }

            await server.InitDbAsync(ct).ConfigureAwait(false);
            await server.StartPostmasterAsync(ct).ConfigureAwait(false);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Creates an empty database and returns an Npgsql connection string to it as the
    /// superuser "postgres" (trust authentication, no password).
    /// </summary>
    public async Task<string> CreateDatabaseAsync(string name, CancellationToken ct = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (!DatabaseName().IsMatch(name))
        {
            throw new ArgumentException(
                $"'{name}' is not a plain database name (letters, digits, underscores; at most 63 characters).",
                nameof(name));
        }

        await using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            await connection.OpenAsync(ct).ConfigureAwait(false);
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }

        return ConnectionStringFor(name, pooling: true);
    }

    /// <summary>The last lines of the server log, for failure messages.</summary>
    public string ReadLogTail(int lines = 40) => ReadTail(LogFile, lines);

    /// <summary>
    /// Stops the postmaster (pg_ctl stop -m fast as the server's user; killed if it is still
    /// alive 10 s later) and deletes the temporary directory. Safe to call more than once.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        var postmaster = _postmaster;
        _postmaster = null;
        if (postmaster is not null)
        {
            try
            {
                await StopPostmasterAsync(postmaster).ConfigureAwait(false);
            }
            finally
            {
                postmaster.Dispose();
            }
        }

        await DeleteDirectoryAsync(BaseDirectory).ConfigureAwait(false);
    }

    private string ConnectionStringFor(string database, bool pooling) =>
        $"Host=127.0.0.1;Port={Port};Database={database};Username=postgres;Include Error Detail=true"
        + (pooling ? string.Empty : ";Pooling=false");

    private async Task InitDbAsync(CancellationToken ct)
    {
        // --no-locale: the machine's LANG may name a locale that is not generated.
        var (exitCode, output) = await RunAsync(
            Path.Combine(_binDirectory, "initdb"),
            ["-D", DataDirectory, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8", "--no-locale"],
            _runAsUser,
            ct).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(BaseDirectory, "initdb.log"), output, ct).ConfigureAwait(false);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"initdb failed with exit code {exitCode}:{Environment.NewLine}{output}");
        }
    }

    private async Task StartPostmasterAsync(CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            Port = LoopbackPorts.Free();
            var outcome = await TryStartOnPortAsync(ct).ConfigureAwait(false);
            if (outcome == StartOutcome.Ready)
            {
                return;
            }

            if (outcome == StartOutcome.PortTaken && attempt < MaxPortAttempts)
            {
                continue; // another process took the port between our probe and the bind
            }

            throw new InvalidOperationException(
                $"PostgreSQL exited during startup on port {Port} (attempt {attempt}). Server log ({LogFile}):"
                + Environment.NewLine + ReadLogTail());
        }
    }

    private async Task<StartOutcome> TryStartOnPortAsync(CancellationToken ct)
    {
        var logLengthBefore = File.Exists(LogFile) ? new FileInfo(LogFile).Length : 0;

        // The shell wrapper makes the server write its output straight into the log file, so the
        // log survives even if this process dies and no pipe to us can fill up.
        string[] postgresArgs =
        [
            "-c", "log=$1; shift; exec \"$@\" >>\"$log\" 2>&1", "sh", LogFile,
            Path.Combine(_binDirectory, "postgres"),
            "-D", DataDirectory, "-h", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-k", BaseDirectory, "-F",
            "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
            "-c", "max_connections=200",
        ];
        var process = Process.Start(CreateStartInfo("/bin/sh", postgresArgs, _runAsUser, redirect: false))
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
                var newLog = ReadFrom(LogFile, logLengthBefore);
                return newLog.Contains("could not bind", StringComparison.OrdinalIgnoreCase)
                       || newLog.Contains("Address already in use", StringComparison.OrdinalIgnoreCase)
                    ? StartOutcome.PortTaken
                    : StartOutcome.Failed;
            }

            try
            {
                await using var connection = new NpgsqlConnection(probe);
                await connection.OpenAsync(ct).ConfigureAwait(false);
                await using var command = new NpgsqlCommand("SELECT 1", connection);
                await command.ExecuteScalarAsync(ct).ConfigureAwait(false);
                return StartOutcome.Ready;
            }
            catch (Exception e) when (e is NpgsqlException or SocketException or IOException or TimeoutException
                                      && !ct.IsCancellationRequested)
            {
                // not up yet: connection refused, or "the database system is starting up"
            }

            if (deadline.Elapsed > StartupTimeout)
            {
                throw new TimeoutException(
                    $"PostgreSQL did not accept connections on 127.0.0.1:{Port} within {StartupTimeout.TotalSeconds:0} s. "
                    + $"Server log ({LogFile}):{Environment.NewLine}{ReadLogTail()}");
            }

            await Task.Delay(50, ct).ConfigureAwait(false);
        }
    }

    private async Task StopPostmasterAsync(Process postmaster)
    {
        if (postmaster.HasExited)
        {
            return;
        }

        try
        {
            // Fast shutdown: disconnects clients (pooled test connections included) and exits.
            await RunAsync(
                Path.Combine(_binDirectory, "pg_ctl"),
                ["stop", "-D", DataDirectory, "-m", "fast", "-s", "-t", ((int)StopTimeout.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture)],
                _runAsUser,
                CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // pg_ctl missing or failing: fall through to waiting and killing
        }

        using var wait = new CancellationTokenSource(StopTimeout);
        try
        {
            await postmaster.WaitForExitAsync(wait.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Still alive after 10 s: kill the wrapper and everything below it (postmaster, backends).
            try
            {
                postmaster.Kill(entireProcessTree: true);
                await postmaster.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (InvalidOperationException)
            {
                // exited in the meantime
            }
        }
    }

    private static async Task DeleteDirectoryAsync(string directory)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                if (Directory.Exists(directory))
                {
                    Directory.Delete(directory, recursive: true);
                }

                return;
            }
            catch (Exception e) when ((e is IOException or UnauthorizedAccessException) && attempt < 20)
            {
                // a backend that outlived the postmaster by a moment may still be writing
                await Task.Delay(100).ConfigureAwait(false);
            }
        }
    }

    private static string CreatePrivateDirectory(bool mustBeReachableByOthers)
    {
        // The server's own user must be able to reach the directory: when the temp path lies
        // under a private directory (TMPDIR=/root/tmp), fall back to /tmp.
        var tempRoot = Path.GetTempPath();
        if (mustBeReachableByOthers && !IsSearchableByOthers(tempRoot))
        {
            tempRoot = "/tmp";
        }

        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("PostgresServer runs the Debian PostgreSQL binaries; Linux only.");
        }

        var directory = Path.Combine(tempRoot, $"signaling-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return directory;
    }

    private static bool IsSearchableByOthers(string path)
    {
        for (var current = new DirectoryInfo(Path.GetFullPath(path)); current is not null; current = current.Parent)
        {
            if (!current.Exists || (current.UnixFileMode & UnixFileMode.OtherExecute) == 0)
            {
                return false;
            }
        }

        return true;
    }

    private static async Task EnsureServiceUserAsync(CancellationToken ct)
    {
        if (await UserExistsAsync(ct).ConfigureAwait(false))
        {
            return;
        }

        var (exitCode, output) = await RunAsync(
            Tool("useradd"),
            ["--system", "--no-create-home", "--shell", "/usr/sbin/nologin", ServiceUser],
            null,
            ct).ConfigureAwait(false);

        // A parallel test process may have created it between our check and useradd (exit 9).
        if (exitCode != 0 && !await UserExistsAsync(ct).ConfigureAwait(false))
        {
            throw new InvalidOperationException($"useradd {ServiceUser} failed with exit code {exitCode}: {output}");
        }
    }

    private static async Task<bool> UserExistsAsync(CancellationToken ct) =>
        (await RunAsync(Tool("id"), [ServiceUser], null, ct).ConfigureAwait(false)).ExitCode == 0;

    private static async Task RunCheckedAsync(string fileName, IReadOnlyList<string> arguments, string? runAsUser, CancellationToken ct)
    {
        var (exitCode, output) = await RunAsync(fileName, arguments, runAsUser, ct).ConfigureAwait(false);
        if (exitCode != 0)
        {
            throw new InvalidOperationException(
                $"{Path.GetFileName(fileName)} {string.Join(' ', arguments)} failed with exit code {exitCode}: {output}");
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(
        string fileName, IReadOnlyList<string> arguments, string? runAsUser, CancellationToken ct)
    {
        using var process = Process.Start(CreateStartInfo(fileName, arguments, runAsUser, redirect: true))
            ?? throw new InvalidOperationException($"Could not start {fileName}.");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        try
        {
            await process.WaitForExitAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // already gone
            }

            throw;
        }

        return (process.ExitCode, await stdout.ConfigureAwait(false) + await stderr.ConfigureAwait(false));
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
            // runuser -u runs the command directly (no login shell), so the nologin shell is fine.
            startInfo.FileName = Tool("runuser");
            startInfo.ArgumentList.Add("-u");
            startInfo.ArgumentList.Add(runAsUser);
            startInfo.ArgumentList.Add("--");
            startInfo.ArgumentList.Add(fileName);
        }

        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        // Do not let a developer's PG* variables (PGDATA, PGPORT, PGHOST...) redirect pg_ctl.
        foreach (var key in startInfo.Environment.Keys.Where(k => k.StartsWith("PG", StringComparison.Ordinal)).ToList())
        {
            startInfo.Environment.Remove(key);
        }

        startInfo.Environment["LC_ALL"] = "C";
        return startInfo;
    }

    private static string Tool(string name)
    {
        foreach (var directory in (string[])["/usr/sbin", "/usr/bin", "/sbin", "/bin"])
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
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

    private static string ReadFrom(string path, long offset)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            stream.Seek(Math.Min(offset, stream.Length), SeekOrigin.Begin);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            return reader.ReadToEnd();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,62}$")]
    private static partial Regex DatabaseName();

    private enum StartOutcome
    {
        Ready,
        PortTaken,
        Failed,
    }
}
