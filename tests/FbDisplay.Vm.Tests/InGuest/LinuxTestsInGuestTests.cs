using System.Xml.Linq;
using FbDisplay.TestSupport;
using FbDisplay.Vm.Tests.Harness;

namespace FbDisplay.Vm.Tests.InGuest;

/// <summary>
/// Runs the FbDisplay.Linux.Tests that need a kernel this machine lacks (category Vcan) inside the VM, with this
/// machine's .NET SDK shared read-only over 9p. On the host those tests ignore themselves; here they must pass.
/// Slow (about 40-60 s: vstest under software emulation over 9p), but it is the only place they run for real.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class LinuxTestsInGuestTests
{
    private const string Category = "Vcan";

    [Test]
    public async Task The_Linux_tests_that_need_vcan0_pass_in_the_guest()
    {
        var dotnetRoot = DotnetRoot();
        var tests = Path.Combine(VmImage.ScriptDirectory, "build", "linux-tests");
        await VmImage.RunDotnetAsync(["build", Path.Combine(VmImage.RepoRoot, "tests/FbDisplay.Linux.Tests/FbDisplay.Linux.Tests.csproj"),
            "-c", "Debug", "-o", tests, "--disable-build-servers", "-nologo"]);

        using var payload = new GuestPayload();
        using var results = new TempDirectory("fbd-trx");
        var run = payload.AddScript("linux-tests.sh", $"""
            export DOTNET_CLI_HOME=/tmp DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 DOTNET_ADD_GLOBAL_TOOLS_TO_PATH=0
            export DOTNET_GENERATE_ASPNET_CERTIFICATE=0 DOTNET_CLI_WORKLOAD_UPDATE_NOTIFY_DISABLE=1
            /mnt/dotnet/dotnet test /mnt/tests/FbDisplay.Linux.Tests.dll --filter TestCategory={Category} \
                --logger trx\;LogFileName=linux.trx --results-directory /data 2>&1 | tail -15
            """);

        await using var vm = await VmInstance.StartAsync(new VmOptions
        {
            AppDirectory = payload.Path,
            DataDirectory = results.Path,
            Shares = [new VmShare("dotnet", dotnetRoot, ReadOnly: true), new VmShare("tests", tests, ReadOnly: true)],
            Command = run,
        });
        var code = await vm.WaitForExitAsync(TimeSpan.FromMinutes(4));
        var trx = results.File("linux.trx");
        Assert.That(File.Exists(trx), Is.True, "no trx written\n" + vm.Transcript);

        XNamespace ns = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";
        var outcomes = XDocument.Load(trx).Descendants(ns + "UnitTestResult")
            .Select(r => (Name: (string?)r.Attribute("testName") ?? "", Outcome: (string?)r.Attribute("outcome") ?? ""))
            .ToList();
        TestContext.Progress.WriteLine(
            $"{TestContext.CurrentContext.Test.Name}: {string.Join(", ", outcomes.Select(o => $"{o.Name} {o.Outcome}"))}; whole cycle {vm.Elapsed.TotalSeconds:0} s");
        Assert.Multiple(() =>
        {
            Assert.That(outcomes, Is.Not.Empty, vm.Transcript);
            Assert.That(outcomes.Select(o => o.Name), Has.Some.EqualTo("Frames_sent_on_vcan0_arrive_filtered_and_counted"));
            Assert.That(outcomes.Select(o => o.Outcome), Has.All.EqualTo("Passed"), "none failed and none ignored itself for want of vcan0\n" + vm.Transcript);
            Assert.That(code, Is.Zero, vm.Transcript);
        });
    }

    /// <summary>The .NET installation running these tests (dotnet test sets DOTNET_HOST_PATH).</summary>
    private static string DotnetRoot()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (string.IsNullOrEmpty(host) || !File.Exists(host))
        {
            host = Path.Combine(Path.GetDirectoryName(Environment.ProcessPath) ?? "", "dotnet");
        }

        var root = Path.GetDirectoryName(new FileInfo(host).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Path.GetFullPath(host));
        if (root is null || !Directory.Exists(Path.Combine(root, "sdk")))
        {
            Assert.Fail($"cannot find the .NET SDK next to {host}: the in-guest run needs it");
        }

        return root!;
    }
}
