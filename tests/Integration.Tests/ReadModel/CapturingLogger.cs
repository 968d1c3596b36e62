using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace SignalingAkka.Integration.Tests.ReadModel;

/// <summary>An <see cref="ILogger{T}"/> that keeps every entry, so tests can assert what was logged.</summary>
public sealed class CapturingLogger<T> : ILogger<T>
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyList<LogEntry> Entries => _entries.ToArray();

    public IReadOnlyList<LogEntry> At(LogLevel level) => Entries.Where(e => e.Level == level).ToList();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
        Func<TState, Exception?, string> formatter) =>
        _entries.Enqueue(new LogEntry(logLevel, eventId, formatter(state, exception), exception));
}

public sealed record LogEntry(LogLevel Level, EventId EventId, string Message, Exception? Exception);
