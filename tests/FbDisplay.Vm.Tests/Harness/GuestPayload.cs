using FbDisplay.TestSupport;

namespace FbDisplay.Vm.Tests.Harness;

/// <summary>A temporary directory shared as /app, holding guest shell scripts and data files.</summary>
public sealed class GuestPayload : IDisposable
{
    private readonly TempDirectory _directory = new("fbd-payload");

    public string Path => _directory.Path;

    /// <summary>Writes an executable script; returns its path inside the guest (/app/NAME).</summary>
    public string AddScript(string name, string body)
    {
        var path = _directory.File(name);
        File.WriteAllText(path, "#!/bin/sh\n" + body.ReplaceLineEndings("\n"));
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        return "/app/" + name;
    }

    /// <summary>Writes a data file; returns its path inside the guest.</summary>
    public string AddFile(string name, byte[] content)
    {
        File.WriteAllBytes(_directory.File(name), content);
        return "/app/" + name;
    }

    public void Dispose() => _directory.Dispose();
}
