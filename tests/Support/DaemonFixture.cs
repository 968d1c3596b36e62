namespace SignalingAkka.Tests.Support;

/// <summary>One daemon on SQLite in a temp folder, shared by the tests of a class.</summary>
public sealed class DaemonFixture : Xunit.IAsyncLifetime
{
    private Daemon? _daemon;

    public TempDirectory Directory { get; } = new();

    public Daemon Daemon => _daemon ?? throw new InvalidOperationException("the daemon has not started");

    public async Task InitializeAsync() => _daemon = await Daemon.StartAsync(Directory.Path);

    public async Task DisposeAsync()
    {
        if (_daemon is not null) await _daemon.DisposeAsync();
        Directory.Dispose();
    }
}

/// <summary>A folder that exists for one test or fixture and is deleted afterwards.</summary>
public sealed class TempDirectory : IDisposable
{
    public string Path { get; } = System.IO.Directory.CreateTempSubdirectory("signaling-test-").FullName;

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold a file for a moment after the host stopped; the OS temp cleaner takes it.
        }
    }
}
