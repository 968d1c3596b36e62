using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SignalingAkka.Bench.Relay;

/// <summary><c>--name value</c> options of one subcommand; an unknown option is an error, so a typo never runs silently.</summary>
public sealed class Cli
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    public Cli(IEnumerable<string> args)
    {
        string? name = null;
        foreach (var arg in args)
        {
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                if (name is not null) _values[name] = "true";
                name = arg[2..];
            }
            else if (name is not null)
            {
                _values[name] = arg;
                name = null;
            }
            else
            {
                throw new ArgumentException($"unexpected argument '{arg}'");
            }
        }

        if (name is not null) _values[name] = "true";
    }

    public string Str(string name, string? fallback = null)
    {
        _used.Add(name);
        return _values.TryGetValue(name, out var v) ? v : fallback ?? throw new ArgumentException($"--{name} is required");
    }

    public string? Maybe(string name)
    {
        _used.Add(name);
        return _values.GetValueOrDefault(name);
    }

    public int Int(string name, int? fallback = null) =>
        _values.ContainsKey(name) || fallback is null
            ? int.Parse(Str(name), CultureInfo.InvariantCulture)
            : Used(name, fallback.Value);

    public double Double(string name, double fallback) =>
        _values.ContainsKey(name) ? double.Parse(Str(name), CultureInfo.InvariantCulture) : Used(name, fallback);

    public bool Flag(string name)
    {
        _used.Add(name);
        return _values.TryGetValue(name, out var v) && v != "false";
    }

    /// <summary>Throws on options no code asked for.</summary>
    public void CheckAllUsed()
    {
        var unknown = _values.Keys.Where(k => !_used.Contains(k)).ToList();
        if (unknown.Count > 0) throw new ArgumentException("unknown option(s): " + string.Join(", ", unknown.Select(u => "--" + u)));
    }

    private T Used<T>(string name, T value)
    {
        _used.Add(name);
        return value;
    }
}

/// <summary>One result record, appended as a JSON line to the --out file and echoed to stdout.</summary>
public sealed class ResultRecord
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly JsonObject _json = new();

    public ResultRecord(string workload)
    {
        _json["workload"] = workload;
        _json["at"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
    }

    public object? this[string key]
    {
        set => _json[key] = value switch
        {
            null => null,
            double d when double.IsNaN(d) || double.IsInfinity(d) => null,
            double d => Math.Round(d, 4),
            JsonNode n => n,
            string s => JsonValue.Create(s),
            int i => JsonValue.Create(i),
            long l => JsonValue.Create(l),
            bool b => JsonValue.Create(b),
            _ => JsonValue.Create(Convert.ToString(value, CultureInfo.InvariantCulture)),
        };
    }

    public void Write(string? outFile)
    {
        var line = _json.ToJsonString(Indented);
        Console.WriteLine(line);
        if (outFile is null) return;
        var directory = Path.GetDirectoryName(Path.GetFullPath(outFile));
        if (directory is not null) Directory.CreateDirectory(directory);
        File.AppendAllText(outFile, line + Environment.NewLine);
    }
}
