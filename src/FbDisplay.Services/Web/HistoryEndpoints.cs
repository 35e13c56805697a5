using System.Globalization;
using System.Text.Json;
using FbDisplay.Core.History;
using FbDisplay.Core.Logging;
using FbDisplay.Services.History;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace FbDisplay.Services.Web;

/// <summary>
/// /api/history (columns for graphs) and /api/log.csv (PowerSafe100.log lines for a range), both read-only.
/// A range is <c>from</c>/<c>to</c> in unix seconds, or <c>range</c> seconds back from the display's own clock
/// (the browser's clock may be wrong; the display's is the one the data was stamped with).
/// </summary>
internal static class HistoryEndpoints
{
    /// <summary>
    /// Refusals are plain text: a string through <c>Results.BadRequest</c> or <c>Results.Problem</c> goes through the
    /// JSON serializer, whose reflection the app turns off (AOT), and became an empty 500 in the running app.
    /// </summary>
    internal const string PlainText = "text/plain; charset=utf-8";

    public const int DefaultPoints = 700;
    public const int MaxPoints = 20_000;

    public static void Map(WebApplication app, IHistorySource? history, TimeProvider time)
    {
        app.MapGet("/api/history", async (HttpContext http, CancellationToken ct) =>
        {
            if (history is null)
            {
                return Results.Text("No history on this display.", PlainText, statusCode: StatusCodes.Status503ServiceUnavailable);
            }

            if (!TryRange(http.Request.Query, time, out long from, out long to, out string? problem))
            {
                return Results.Text(problem, PlainText, statusCode: StatusCodes.Status400BadRequest);
            }

            int points = DefaultPoints;
            if (long.TryParse(http.Request.Query["step"], NumberStyles.Integer, CultureInfo.InvariantCulture, out long step) && step > 0)
            {
                points = (int)Math.Clamp(((to - from) / step) + 2, 2, MaxPoints);
            }
            else if (int.TryParse(http.Request.Query["points"], NumberStyles.Integer, CultureInfo.InvariantCulture, out int p))
            {
                points = Math.Clamp(p, 2, MaxPoints);
            }

            HistorySeries series = history.Query(from, to, points);
            http.Response.ContentType = "application/json";
            http.Response.Headers.CacheControl = "no-store";
            await using (var w = new Utf8JsonWriter(http.Response.Body))
            {
                WriteColumns(w, series);
                await w.FlushAsync(ct).ConfigureAwait(false);
            }

            return Results.Empty;
        });

        app.MapGet("/api/log.csv", async (HttpContext http, CancellationToken ct) =>
        {
            if (history is null)
            {
                return Results.Text("No history on this display.", PlainText, statusCode: StatusCodes.Status503ServiceUnavailable);
            }

            if (!TryRange(http.Request.Query, time, out long from, out long to, out string? problem))
            {
                return Results.Text(problem, PlainText, statusCode: StatusCodes.Status400BadRequest);
            }

            http.Response.ContentType = "text/csv; charset=utf-8";
            http.Response.Headers.CacheControl = "no-store";
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"PowerSafe100-{from.ToString(CultureInfo.InvariantCulture)}-{to.ToString(CultureInfo.InvariantCulture)}.log\"";
            await WriteLogLinesAsync(history.ReadSeconds(from, to), time.LocalTimeZone, http.Response.Body, ct).ConfigureAwait(false);
            return Results.Empty;
        });
    }

    /// <summary>Streams PowerSafe100.log lines (the manual's format, local time) in 64 KiB writes.</summary>
    public static async Task WriteLogLinesAsync(IEnumerable<SecondSample> seconds, TimeZoneInfo zone, Stream body, CancellationToken ct)
    {
        byte[] buffer = new byte[64 * 1024];
        int n = 0;
        foreach (SecondSample s in seconds)
        {
            DateTime local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.UnixEpoch.AddSeconds(s.UnixSeconds), zone);
            n += PowerSafeLogLine.Format(s, local, buffer.AsSpan(n));
            if (n > buffer.Length - PowerSafeLogLine.MaxBytes)
            {
                await body.WriteAsync(buffer.AsMemory(0, n), ct).ConfigureAwait(false);
                n = 0;
            }
        }

        await body.WriteAsync(buffer.AsMemory(0, n), ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Column arrays, ready for uPlot: t, soc, watts, volts, maxTemp, cellLow, cellHigh, cellAvg, spread (averages,
    /// or the extreme for cellLow / cellHigh), with ...Min / ...Max where a bucket holds more than one second; the
    /// controller's status: contactorOpen (seconds with a contactor open), fault (the highest code), faultSeconds, and
    /// tcch (the 0x683 charge command, A), null where the bucket had none.
    /// A missing bucket becomes one row of nulls so a graph shows the gap instead of bridging it.
    /// </summary>
    public static void WriteColumns(Utf8JsonWriter w, HistorySeries series)
    {
        IReadOnlyList<HistoryBucket> b = series.Buckets;
        var rows = new List<int>(b.Count + 16); // index into b, or -1 for a gap
        for (int i = 0; i < b.Count; i++)
        {
            if (i > 0 && b[i].StartUnixSeconds - b[i - 1].StartUnixSeconds > series.StepSeconds)
            {
                rows.Add(-1 - i);
            }

            rows.Add(i);
        }

        w.WriteStartObject();
        w.WriteNumber("from", series.FromUnixSeconds);
        w.WriteNumber("to", series.ToUnixSeconds);
        w.WriteNumber("step", series.StepSeconds);
        w.WriteString("source", series.Source.ToString().ToLowerInvariant());
        w.WriteStartArray("t");
        foreach (int r in rows)
        {
            w.WriteNumberValue(r >= 0 ? b[r].StartUnixSeconds : b[-1 - r - 1].StartUnixSeconds + series.StepSeconds);
        }

        w.WriteEndArray();
        Column(w, "soc", rows, b, x => x.SocAverage, 1);
        Column(w, "watts", rows, b, x => x.WattsAverage, 0);
        Column(w, "volts", rows, b, x => x.VoltsAverage, 2);
        Column(w, "maxTemp", rows, b, x => x.MaxTempAverage, 1);
        Column(w, "cellLow", rows, b, x => x.CellLowMillivolts, 0, NoCells);
        Column(w, "cellHigh", rows, b, x => x.CellHighMillivolts, 0, NoCells);
        Column(w, "cellAvg", rows, b, x => x.CellAverageMillivolts, 0, NoCells);
        Column(w, "spread", rows, b, x => x.SpreadAverageMillivolts, 1, NoCells);
        Column(w, "contactorOpen", rows, b, x => x.ContactorOpenSeconds, 0, NoStatus);
        Column(w, "fault", rows, b, x => x.FaultMax, 0, NoStatus);
        Column(w, "faultSeconds", rows, b, x => x.FaultSeconds, 0, NoStatus);
        Column(w, "tcch", rows, b, x => x.ChargeCommandAverage, 1, NoChargeCommand);
        if (series.StepSeconds > 1)
        {
            Column(w, "socMin", rows, b, x => x.SocMin, 1);
            Column(w, "socMax", rows, b, x => x.SocMax, 1);
            Column(w, "wattsMin", rows, b, x => x.WattsMin, 0);
            Column(w, "wattsMax", rows, b, x => x.WattsMax, 0);
            Column(w, "voltsMin", rows, b, x => x.VoltsMin, 1);
            Column(w, "voltsMax", rows, b, x => x.VoltsMax, 1);
            Column(w, "maxTempMin", rows, b, x => x.MaxTempMin, 0);
            Column(w, "maxTempMax", rows, b, x => x.MaxTempMax, 0);
            Column(w, "spreadMin", rows, b, x => x.SpreadMinMillivolts, 0, NoCells);
            Column(w, "spreadMax", rows, b, x => x.SpreadMaxMillivolts, 0, NoCells);
            Column(w, "tcchMax", rows, b, x => x.ChargeCommandMax, 1, NoChargeCommand);
            Column(w, "count", rows, b, x => x.Count, 0);
        }

        w.WriteEndObject();
    }

    /// <summary>
    /// A battery that sends no cell voltages (Pylontech-protocol packs without 0x373, seconds imported from a
    /// PowerSafe100.log) stores 0 mV: a gap in the cell graphs, not a line at zero.
    /// </summary>
    private static bool NoCells(HistoryBucket b) => b.CellAverageMillivolts <= 0;

    /// <summary>No second of the bucket carried a 0x654 status (a controller that does not send it, a Pylontech battery).</summary>
    private static bool NoStatus(HistoryBucket b) => b.StatusSeconds == 0;

    private static bool NoChargeCommand(HistoryBucket b) => b.ChargeCommandSeconds == 0;

    private static void Column(Utf8JsonWriter w, string name, List<int> rows, IReadOnlyList<HistoryBucket> b, Func<HistoryBucket, float> value, int decimals, Func<HistoryBucket, bool>? missing = null)
    {
        w.WriteStartArray(name);
        foreach (int r in rows)
        {
            if (r < 0 || (missing is not null && missing(b[r])))
            {
                w.WriteNullValue();
            }
            else
            {
                w.WriteNumberValue(Math.Round((double)value(b[r]), decimals));
            }
        }

        w.WriteEndArray();
    }

    /// <summary>
    /// Reads a range, clamped to 0 .. <see cref="HistoryStore.LastUnixSecond"/> before any arithmetic, so no range
    /// (<c>from=-9223372036854775808</c>, <c>range=9223372036854775807</c>) can overflow a span or a point count.
    /// </summary>
    internal static bool TryRange(IQueryCollection q, TimeProvider time, out long from, out long to, out string? problem)
    {
        long now = time.GetUtcNow().ToUnixTimeSeconds();
        problem = null;
        to = now;
        from = now - 86_400;
        var inv = CultureInfo.InvariantCulture;
        if (q.ContainsKey("range"))
        {
            if (!long.TryParse(q["range"], NumberStyles.Integer, inv, out long range) || range <= 0)
            {
                problem = "range must be a positive number of seconds.";
                return false;
            }

            from = now - Math.Min(range, now) + 1;
            return true;
        }

        if ((q.ContainsKey("from") && !long.TryParse(q["from"], NumberStyles.Integer, inv, out from))
            || (q.ContainsKey("to") && !long.TryParse(q["to"], NumberStyles.Integer, inv, out to)))
        {
            problem = "from and to are unix seconds.";
            return false;
        }

        to = HistoryStore.ClampSecond(to);
        if (!q.ContainsKey("from"))
        {
            from = to - 86_400;
        }

        from = HistoryStore.ClampSecond(from);

        if (to < from)
        {
            problem = "to is before from.";
            return false;
        }

        return true;
    }
}
