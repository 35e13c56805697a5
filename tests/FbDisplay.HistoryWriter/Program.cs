using System.Globalization;
using FbDisplay.Core.History;
using FbDisplay.Services.History;

// Usage: fbdisplay-history-writer <data dir> <first unix second>
// Appends consecutive seconds from where the database ends (or the first second) until killed, keeping the queue
// short so nothing is dropped, and prints "committed <t>" after each commit so the test knows what must survive.
string dir = args[0];
long first = long.Parse(args[1], CultureInfo.InvariantCulture);
await using var store = new HistoryStore(
    new HistoryOptions { DataDirectory = dir, BatchRows = 250, BatchInterval = TimeSpan.FromMilliseconds(20) },
    TimeProvider.System,
    m => Console.WriteLine("message " + m));
store.Start();
long next = Math.Max(first, store.LastCommittedSecond + 1);
Console.WriteLine($"ready {next}");
long printed = long.MinValue;
while (true)
{
    while (store.PendingCount < 2000)
    {
        long t = next++;
        store.TryAdd(new SecondSample(t, 50 + (t % 500 / 10f), 48.1f, -12.5f, (t % 7000) - 3500, -100.25f, 31, 24, 3900, 3950 + (int)(t % 30), 3925));
    }

    if (store.RowsDropped > 0)
    {
        // The store dropped queued seconds (this writer outran it): that is a hole the test must not blame on kill -9.
        Console.WriteLine($"dropped {store.RowsDropped}");
    }

    long committed = store.LastCommittedSecond;
    if (committed != printed)
    {
        printed = committed;
        Console.WriteLine($"committed {committed}");
    }

    await Task.Delay(2);
}
