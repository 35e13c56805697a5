using System.Diagnostics;
using System.Globalization;
using FbDisplay.TestSupport;

namespace FbDisplay.Services.Tests.Fuzzing;

/// <summary>
/// Coverage-guided fuzzing with Debian's afl++ and SharpFuzz (tests/FbDisplay.Fuzz): each target gets a fixed budget
/// in CI (FBD_FUZZ_SECONDS, default 30) from the corpus kept in the repository, and must end with no crash and no
/// hang. The canary target has a planted crash: it proves the harness sees one.
/// </summary>
[NonParallelizable]
public class FuzzTests
{
    private static int Budget =>
        int.TryParse(Environment.GetEnvironmentVariable("FBD_FUZZ_SECONDS"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int s) && s > 0 ? s : 30;

    [TestCase("udp")]
    [TestCase("can")]
    [TestCase("evdev")]
    [TestCase("status-json")]
    [TestCase("update-manifest")]
    [TestCase("settings")]
    [TestCase("rfb")]
    public void A_parser_survives_its_fuzzing_budget(string target)
    {
        (int exit, string output) = Fuzz(target, Budget);
        Assert.That(exit, Is.Zero, $"afl-fuzz saved a crash or a hang (inputs in artifacts/fuzz/{target}/default): make each a unit test\n{output}");
        Assert.That(output, Does.Match(@"fuzz \S+: [1-9]\d* executions"), output);
    }

    [Test]
    public void The_harness_reports_the_canary_crash()
    {
        (int exit, string output) = Fuzz("canary", 10);
        Assert.That(exit, Is.EqualTo(1), output);
        Assert.That(output, Does.Match(@"crashes [1-9]"), output);
    }

    private static (int Exit, string Output) Fuzz(string target, int seconds)
    {
        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(RepositoryRoot.Path("tests/FbDisplay.Fuzz/fuzz.sh"));
        psi.ArgumentList.Add(target);
        psi.ArgumentList.Add(seconds.ToString(CultureInfo.InvariantCulture));
        using var p = Process.Start(psi)!;
        Task<string> stdout = p.StandardOutput.ReadToEndAsync(), stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromSeconds(seconds + 600)))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail($"fuzz.sh {target} did not finish");
        }

        string output = (stdout.Result + stderr.Result).Trim();
        TestContext.Out.WriteLine(output);
        TestContext.Progress.WriteLine($"{target}: {output.Split('\n')[^1]}");
        return (p.ExitCode, output);
    }
}
