namespace FbDisplay.TestSupport;

/// <summary>The appliance's systemd unit (image/pi/fbdisplay.service), as tests and benchmarks run the app like it.</summary>
public static class ApplianceUnit
{
    /// <summary>The unit's <c>Environment=</c> variables (GC budget, heap limit, malloc arenas): NAME=VALUE words, no quotes.</summary>
    public static IReadOnlyDictionary<string, string> Environment { get; } = ReadEnvironment();

    private static Dictionary<string, string> ReadEnvironment()
    {
        string unit = RepositoryRoot.Path("image/pi/fbdisplay.service");
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in File.ReadLines(unit))
        {
            if (!line.StartsWith("Environment=", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (string word in line["Environment=".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                int eq = word.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0 || word.Contains('"', StringComparison.Ordinal))
                {
                    throw new InvalidDataException($"{unit}: cannot pass \"{word}\" on (NAME=VALUE without quotes)");
                }

                environment[word[..eq]] = word[(eq + 1)..];
            }
        }

        return environment.Count > 0 ? environment : throw new InvalidDataException($"{unit} has no Environment= line");
    }
}
