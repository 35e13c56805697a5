using System.Diagnostics;
using NUnit.Framework;

namespace FbDisplay.TestSupport;

/// <summary>
/// The tools a test drives (Chromium, Mosquitto, vncsnapshot, PostgreSQL ...) come from Debian: a test asks for the
/// file it runs and the package that holds it, and gets it installed (as root) or a true message why not.
/// </summary>
public static class DebianPackages
{
    private static readonly Lock Gate = new();

    /// <summary>True when <paramref name="program"/> is a path that exists or a name found on PATH.</summary>
    public static bool Has(string program) =>
        program.Contains('/', StringComparison.Ordinal)
            ? File.Exists(program)
            : (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => d.Length > 0 && File.Exists(Path.Combine(d, program)));

    /// <summary>
    /// Makes every one of <paramref name="programs"/> present, installing <paramref name="packages"/> with apt-get when
    /// one is missing (an <c>apt-get update</c> is tried once when the package lists are stale). Not root: the test is
    /// ignored with the command an owner of the machine would run. A failed install fails the test with apt's output.
    /// </summary>
    public static void Require(string[] programs, params string[] packages) =>
        Require(() => programs.All(Has), () => string.Join(", ", programs.Where(p => !Has(p))), packages);

    /// <summary>
    /// As <see cref="Require(string[], string[])"/> where presence is more than a file (a versioned directory):
    /// <paramref name="present"/> says whether it is there, <paramref name="missing"/> names what is not.
    /// </summary>
    public static void Require(Func<bool> present, Func<string> missing, params string[] packages)
    {
        lock (Gate)
        {
            if (present())
            {
                return;
            }

            string command = "apt-get install -y " + string.Join(' ', packages);
            if (!Environment.IsPrivilegedProcess)
            {
                Assert.Ignore($"{missing()} missing and the tests are not root: {command}");
            }

            string output = Apt(["install", "-y", "-q", "--no-install-recommends", .. packages]);
            if (!present())
            {
                output += Apt(["update", "-q"]) + Apt(["install", "-y", "-q", "--no-install-recommends", .. packages]);
            }

            Assert.That(present(), Is.True, $"{command} did not install {missing()}:\n{output}");
        }
    }

    /// <summary><see cref="Require(string[], string[])"/> for one program.</summary>
    public static void Require(string program, params string[] packages) => Require([program], packages);

    private static string Apt(string[] args)
    {
        // Another test (or engineer) may hold the dpkg lock: wait for it instead of failing at once.
        var psi = new ProcessStartInfo("apt-get", ["-o", "DPkg::Lock::Timeout=300", .. args]) { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using Process p = Process.Start(psi)!;
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            p.Kill(entireProcessTree: true);
            return $"apt-get {string.Join(' ', args)}: no end after 10 minutes\n";
        }

        return stdout + stderr.Result;
    }
}
