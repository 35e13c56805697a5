using System.Globalization;
using System.Text.Json;

namespace FbDisplay.App.Tests;

/// <summary>Polling the running app's /api/status until it shows what a test waits for.</summary>
internal static class StatusApi
{
    /// <summary>The first status (5 a second) for which <paramref name="condition"/> holds; fails after <paramref name="seconds"/> with the last one.</summary>
    public static async Task<JsonElement> WaitForAsync(HttpClient http, Func<JsonElement, bool> condition, int seconds)
    {
        string last = "";
        for (int i = 0; i < seconds * 5; i++)
        {
            last = await http.GetStringAsync("/api/status");
            using JsonDocument doc = JsonDocument.Parse(last);
            if (condition(doc.RootElement))
            {
                return doc.RootElement.Clone();
            }

            await Task.Delay(200);
        }

        Assert.Fail(string.Create(CultureInfo.InvariantCulture, $"condition not met in {seconds} s; last status: {last}"));
        throw new InvalidOperationException("unreachable");
    }
}
