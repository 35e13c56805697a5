using FbDisplay.Services.Interop;
using FbDisplay.Services.Storage;
using FbDisplay.TestSupport;

namespace FbDisplay.Services.Tests.Storage;

/// <summary>
/// The udisks2 side of the BATTERY drive that runs on any machine: where the mount went (the mount table this process
/// sees), what a refusal says, and what happens before udisks is asked. Mounting through the real udisks2 and polkit
/// runs in the appliance image (ApplianceBootTests: COPY LOG, certificates, and the system disk refused).
/// </summary>
public class UdisksDriveTests
{
    private const string MountInfo = """
        22 1 254:1 / / ro,noatime - ext4 /dev/vda1 ro,errors=remount-ro
        30 22 254:3 / /data rw,noatime - ext4 /dev/vda3 rw,commit=60
        41 22 0:40 / /media rw,nosuid,nodev,noexec - tmpfs tmpfs rw,size=1024k,mode=755
        88 41 8:1 / /media/fbdisplay/BATTERY\040B rw,nosuid,nodev,relatime shared:50 - vfat /dev/sda1 rw,uid=998,gid=998,fmask=0077,dmask=0077,codepage=437,shortname=mixed,utf8,flush
        """;

    [Test]
    public void The_mount_point_comes_from_the_mount_table_by_device_with_escapes_undone()
    {
        using var dir = new TempDirectory();
        string table = dir.File("mountinfo");
        File.WriteAllText(table, MountInfo);
        var drive = new UdisksDrive("/dev/disk/by-label/BATTERY", table);
        Assert.Multiple(() =>
        {
            Assert.That(drive.MountPointOf("/dev/sda1"), Is.EqualTo("/media/fbdisplay/BATTERY B"));
            Assert.That(drive.MountPointOf("/dev/vda3"), Is.EqualTo("/data"));
            Assert.That(drive.MountPointOf("/dev/sdb1"), Is.Null);
        });
    }

    [Test]
    public void A_polkit_refusal_is_told_plainly_without_the_dbus_wrapping()
    {
        var refused = new HostCommandResult(1, "", "Error mounting /dev/sda1: GDBus.Error:org.freedesktop.UDisks2.Error.NotAuthorizedCanObtain: Not authorized to perform operation\n");
        var missing = new HostCommandResult(HostCommandResult.NotInstalled, "", "udisksctl: No such file or directory");
        var silent = new HostCommandResult(3, "", "");
        Assert.Multiple(() =>
        {
            Assert.That(UdisksDrive.Explain(refused), Is.EqualTo("Not authorized to perform operation (polkit: the display's user may not mount this drive)."));
            Assert.That(UdisksDrive.Explain(missing), Does.Contain("needs udisks2"));
            Assert.That(UdisksDrive.Explain(silent), Is.EqualTo("udisksctl failed (exit 3)."));
        });
    }

    [Test]
    public async Task No_drive_and_a_drive_that_is_not_FAT_are_named_before_udisks_is_asked()
    {
        using var dir = new TempDirectory();
        string notFat = dir.File("sda1");
        File.WriteAllBytes(notFat, new byte[4096]);
        bool ran = false;
        Task Use(string root, CancellationToken ct)
        {
            ran = true;
            return Task.CompletedTask;
        }

        DriveUseResult none = await new UdisksDrive(dir.File("missing")).UseAsync(true, Use);
        DriveUseResult zero = await new UdisksDrive(notFat).UseAsync(true, Use);
        Assert.Multiple(() =>
        {
            Assert.That(none.Problem, Is.EqualTo(DriveProblem.NoDrive));
            Assert.That(zero.Problem, Is.EqualTo(DriveProblem.NotFat));
            Assert.That(zero.Message, Does.Contain("not FAT formatted"));
            Assert.That(ran, Is.False);
        });
    }

    [Test]
    public void Unprivileged_the_drive_setting_means_udisks_as_root_mount_2_and_a_directory_is_used_as_it_is()
    {
        using var dir = new TempDirectory();
        Assert.Multiple(() =>
        {
            Assert.That(RemovableDrive.At("/dev/disk/by-label/BATTERY", privileged: false), Is.TypeOf<UdisksDrive>());
            Assert.That(RemovableDrive.At("/dev/disk/by-label/BATTERY", privileged: true), Is.TypeOf<BlockDeviceDrive>());
            Assert.That(RemovableDrive.At(dir.Path, privileged: false), Is.TypeOf<DirectoryDrive>());
        });
    }
}
