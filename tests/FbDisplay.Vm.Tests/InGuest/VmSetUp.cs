using FbDisplay.Vm.Tests.Harness;

namespace FbDisplay.Vm.Tests.InGuest;

/// <summary>Builds the VM (kernel + initramfs, installing QEMU if needed) once before any test in this namespace.</summary>
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
