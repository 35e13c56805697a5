using System.Globalization;
using System.Text;

namespace FbDisplay.Services.Metrics;

/// <summary>Writes the Prometheus text exposition format.</summary>
public sealed class MetricsText
{
    private readonly StringBuilder _sb = new();
    private readonly HashSet<string> _described = [];

    public MetricsText Add(string name, string help, string type, double value, string? labels = null)
    {
        if (_described.Add(name))
        {
            _sb.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
            _sb.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
        }

        _sb.Append(name);
        if (labels is not null)
        {
            _sb.Append('{').Append(labels).Append('}');
        }

        _sb.Append(' ').Append(value.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        return this;
    }

    public override string ToString() => _sb.ToString();
}

/// <summary>Contributes lines to /metrics.</summary>
public interface IMetricsSource
{
    void WriteMetrics(MetricsText metrics);
}
