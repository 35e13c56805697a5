using FbDisplay.Vm.Tests.Harness;

// QEMU, 9p and unix sockets: this project runs on Linux only.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

namespace FbDisplay.Vm.Tests;

/// <summary>Builds the VM (kernel + initramfs, installing QEMU if needed) once before any VM test.</summary>
[SetUpFixture]
public sealed class VmSetUp
{
    [OneTimeSetUp]
    public async Task BuildVmAsync()
    {
        // A failure here fails every VM test with the build output: a missing VM is never a silent skip.
        var output = await VmImage.EnsureBuiltAsync();
        await TestContext.Progress.WriteAsync(output);
    }
}
