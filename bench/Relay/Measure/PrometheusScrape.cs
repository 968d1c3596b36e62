using System.Globalization;

namespace SignalingAkka.Bench.Relay.Measure;

/// <summary>Reads single values from the daemon's Prometheus text endpoint (<c>/metrics</c>).</summary>
public sealed class PrometheusScrape(HttpClient http, Uri metrics)
{
    /// <summary>The values of the named unlabelled series, null for any the endpoint does not show (or when it cannot be reached).</summary>
    public async Task<IReadOnlyDictionary<string, double?>> ReadAsync(IReadOnlyCollection<string> names, CancellationToken ct)
    {
        var found = names.ToDictionary(n => n, _ => (double?)null, StringComparer.Ordinal);
        string text;
        try
        {
            text = await http.GetStringAsync(metrics, ct).ConfigureAwait(false);
        }
        catch (HttpRequestException)
        {
            return found;
        }

        foreach (var line in text.Split('\n'))
        {
            var space = line.IndexOf(' ');
            if (line.StartsWith('#') || space <= 0) continue;
            var name = line[..space];
            if (found.ContainsKey(name)
                && double.TryParse(line[(space + 1)..].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                found[name] = value;
        }

        return found;
    }
}
