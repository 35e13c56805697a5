using System.Diagnostics;
using FbDisplay.Core.Logging;
using FbDisplay.Services.Logging;
using FbDisplay.Services.Storage;
using FbDisplay.TestSupport;

namespace FbDisplay.Services.Tests;

public class LogCopierTests
{
    private static string WriteLog(TempDirectory dir, int lines)
    {
        string path = dir.File(PowerSafeLogLine.FileName);
        File.WriteAllLines(path, Enumerable.Range(0, lines).Select(i => $"08/27/2018 19:{i / 60 % 60:00}:{i % 60:00},11.5,41.1,-34,-1397,-1415.70,036"));
        return path;
    }

    [Test]
    public void A_no_space_error_from_a_drive_that_still_reports_room_is_a_pulled_drive_not_a_full_one()
    {
        // vfat answers ENOSPC (28) when the stick vanishes while it allocates clusters (the appliance test pulls one).
        var enospc = new IOException("No space left on device : '/media/fbdisplay/BATTERY/PowerSafe100.log.tmp'", 28);
        var eio = new IOException("Input/output error", 5);
        Assert.Multiple(() =>
        {
            Assert.That(LogCopier.Explain(enospc, () => 30L << 20).English, Does.Contain("pulled out or failed during the copy"), "room left: not full");
            Assert.That(LogCopier.Explain(enospc, () => -1).English, Does.Contain("pulled out or failed during the copy"), "the drive no longer answers");
            Assert.That(LogCopier.Explain(enospc, () => 4096).English, Is.EqualTo("The BATTERY drive is full."));
            Assert.That(LogCopier.Explain(eio, () => 30L << 20).English, Does.Contain("pulled out or failed during the copy"));
            Assert.That(LogCopier.Explain(new IOException("Read-only file system", 30), () => 0).English, Does.Contain("read-only"));
        });
    }

    [Test]
    public async Task The_log_is_copied_whole_under_its_own_name_and_no_temporary_file_stays()
    {
        using var data = new TempDirectory();
        using var drive = new TempDirectory("battery");
        string log = WriteLog(data, 1000);
        File.WriteAllText(Path.Combine(drive.Path, PowerSafeLogLine.FileName), "an older copy");
        LogCopyResult r = await new LogCopier(log, new DirectoryDrive(drive.Path)).CopyAsync();
        Assert.That(r.Ok, Is.True, r.Message);
        Assert.That(r.Message, Does.Contain("Copied PowerSafe100.log"));
        Assert.That(File.ReadAllBytes(Path.Combine(drive.Path, PowerSafeLogLine.FileName)), Is.EqualTo(File.ReadAllBytes(log)));
        Assert.That(Directory.GetFiles(drive.Path), Has.Length.EqualTo(1));
    }

    [Test]
    public async Task No_drive_and_no_log_each_say_so()
    {
        using var data = new TempDirectory();
        string log = WriteLog(data, 10);
        LogCopyResult noDrive = await new LogCopier(log, new BlockDeviceDrive(data.File("BATTERY"))).CopyAsync();
        Assert.That(noDrive.Ok, Is.False);
        Assert.That(noDrive.Message, Does.StartWith("No USB drive labelled BATTERY"));
        LogCopyResult noLog = await new LogCopier(data.File("nothing.log"), new DirectoryDrive(data.Path)).CopyAsync();
        Assert.That(noLog.Message, Does.Contain("no PowerSafe100.log"));
    }

    /// <summary>Real FAT file systems on loop devices: needs root (losetup, mount) and dosfstools.</summary>
    [Test]
    [NonParallelizable]
    public async Task A_loop_mounted_fat_drive_labelled_battery_is_found_written_and_unmounted_and_full_or_read_only_drives_say_so()
    {
        if (Environment.UserName != "root" || !File.Exists("/sbin/mkfs.vfat") && !File.Exists("/usr/sbin/mkfs.vfat"))
        {
            Assert.Ignore("Loop-mounting a FAT image needs root and dosfstools (mkfs.vfat).");
        }

        if (!File.ReadAllText("/proc/filesystems").Contains("vfat", StringComparison.Ordinal) && Run("modprobe", "vfat").Code != 0)
        {
            Assert.Ignore("This kernel has no vfat (and cannot load it): the full and read-only FAT drive cases do not run on this machine. COPY LOG to a real FAT drive, and one pulled out during the copy, run in the appliance image (ApplianceBootTests, tests/FbDisplay.Vm.Tests).");
        }

        using var data = new TempDirectory();
        using var work = new TempDirectory("fat");
        string log = WriteLog(data, 40_000); // about 2 MB

        // 1. A roomy drive: found by label, mounted by us, written, unmounted.
        using (var big = LoopFat.Create(work.File("big.img"), 16, "BATTERY"))
        {
            string mountDirectory = Directory.CreateDirectory(work.File("mnt")).FullName;
            LogCopyResult r = await new LogCopier(log, new BlockDeviceDrive(big.Device, mountDirectory)).CopyAsync();
            Assert.That(r.Ok, Is.True, r.Message);
            Assert.That(r.Message, Does.Contain("You can remove the drive"));
            Assert.That(MountPointOf(big.Device), Is.Null, "unmounted after the copy");
            big.MountAt(work.File("check"), readOnly: true);
            Assert.That(File.ReadAllBytes(Path.Combine(work.File("check"), PowerSafeLogLine.FileName)), Is.EqualTo(File.ReadAllBytes(log)));
            Assert.That(Directory.GetFiles(work.File("check")), Has.Length.EqualTo(1));
        }

        // 2. A drive too small for the log.
        using (var small = LoopFat.Create(work.File("small.img"), 1, "SMALL"))
        {
            small.MountAt(work.File("small"), readOnly: false);
            LogCopyResult r = await new LogCopier(log, new DirectoryDrive(work.File("small"))).CopyAsync();
            Assert.That(r.Ok, Is.False);
            Assert.That(r.Message, Does.StartWith("The BATTERY drive is full"));
            Assert.That(Directory.GetFiles(work.File("small")), Is.Empty, "no partial file left behind");
        }

        // 3. A read-only drive (a stick with its lock switch on).
        using (var locked = LoopFat.Create(work.File("ro.img"), 4, "LOCKED"))
        {
            locked.MountAt(work.File("ro"), readOnly: true);
            LogCopyResult r = await new LogCopier(log, new DirectoryDrive(work.File("ro"))).CopyAsync();
            Assert.That(r.Ok, Is.False);
            Assert.That(r.Message, Is.EqualTo("The BATTERY drive is read-only (check its lock switch)."));
        }
    }

    private sealed class LoopFat : IDisposable
    {
        private readonly List<string> _mounts = [];

        private LoopFat(string device) => Device = device;

        public string Device { get; }

        public static LoopFat Create(string image, int megabytes, string label)
        {
            using (var f = new FileStream(image, FileMode.Create))
            {
                f.SetLength(megabytes * 1024L * 1024);
            }

            Check("mkfs.vfat", "-n", label, image);
            return new LoopFat(Check("losetup", "-f", "--show", image).Trim());
        }

        public void MountAt(string dir, bool readOnly)
        {
            Directory.CreateDirectory(dir);
            Check("mount", "-o", readOnly ? "ro" : "rw", Device, dir);
            _mounts.Add(dir);
        }

        public void Dispose()
        {
            foreach (string m in _mounts)
            {
                _ = Run("umount", m);
            }

            if (MountPointOf(Device) is { } stray)
            {
                _ = Run("umount", stray);
            }

            _ = Run("losetup", "-d", Device);
        }

        private static string Check(string file, params string[] args)
        {
            (int code, string stdout, string stderr) = Run(file, args);
            if (code != 0)
            {
                Assert.Fail($"{file} {string.Join(' ', args)} failed ({code}): {stderr}");
            }

            return stdout;
        }
    }

    private static string? MountPointOf(string device) =>
        File.ReadLines("/proc/self/mounts").Select(l => l.Split(' ')).FirstOrDefault(f => f.Length > 1 && f[0] == device)?[1];

    private static (int Code, string Stdout, string Stderr) Run(string file, params string[] args)
    {
        try
        {
            var psi = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true };
            using Process p = Process.Start(psi)!;
            Task<string> err = p.StandardError.ReadToEndAsync();
            string output = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            return (p.ExitCode, output, err.Result);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, "", $"{file}: {e.Message}");
        }
    }
}
