using System.Diagnostics;
using NUnit.Framework;

namespace FbDisplay.TestSupport;

/// <summary>Installs a Debian package a test needs, as the other tests do, waiting for another apt-get to finish first.</summary>
public static class DebianPackage
{
    /// <summary>Returns the full path of <paramref name="tool"/>, installing <paramref name="package"/> when it is missing.</summary>
    public static string Ensure(string tool, string package)
    {
        string? found = Which(tool);
        if (found is not null)
        {
            return found;
        }

        if (Posix.GetEuid() != 0)
        {
            Assert.Fail($"{tool} is not installed and the tests are not root to install it: apt-get install -y {package}");
        }

        string apt = $"DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends {package}";
        string output = Run($"{apt} || (apt-get -o DPkg::Lock::Timeout=300 update -qq && {apt})");
        found = Which(tool);
        Assert.That(found, Is.Not.Null, $"apt-get install {package} did not give {tool}:\n{output}");
        return found!;
    }

    private static string? Which(string tool)
    {
        foreach (string dir in new[] { "/usr/bin", "/usr/sbin", "/usr/local/bin", "/bin", "/sbin" })
        {
            string path = Path.Combine(dir, tool);
            if (File.Exists(path))
            {
                return path;
            }
        }

        return null;
    }

    private static string Run(string script)
    {
        using Process p = Process.Start(new ProcessStartInfo("bash", ["-c", script]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        Task<string> err = p.StandardError.ReadToEndAsync();
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return output + err.Result;
    }
}
