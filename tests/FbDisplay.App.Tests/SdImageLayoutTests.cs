using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace FbDisplay.App.Tests;

/// <summary>
/// Checks the layout of a whole SD-card image made by image/sd/build-sd-image.sh (dotnet cake --target=SdImage),
/// without mounting anything: sfdisk for the partition table, mtools for the FAT firmware partition, debugfs for the
/// ext4 root and data partitions (all at byte offsets into the image file).
///
/// Building the image takes minutes and downloads Debian packages, so these tests never build one: they run against
/// the image named by the environment variable FBD_SD_IMAGE and are ignored (with that reason) when it is unset.
///   FBD_SD_IMAGE=$PWD/artifacts/sd/fbdisplay-0.1.0-sd.img dotnet test --filter FullyQualifiedName~SdImageLayoutTests
/// </summary>
[NonParallelizable]
public class SdImageLayoutTests
{
    private const string Variable = "FBD_SD_IMAGE";
    private string image = "";
    private long[] offsets = [];

    [OneTimeSetUp]
    public void FindImage()
    {
        string? path = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrEmpty(path))
        {
            Assert.Ignore($"{Variable} is unset: these tests check an existing SD image (dotnet cake --target=SdImage " +
                          "builds one in minutes, with root and network) and never build it themselves.");
        }

        Assert.That(File.Exists(path), Is.True, $"{Variable}={path}: no such file");
        foreach (string tool in new[] { "sfdisk", "mdir", "mtype", "debugfs" })
        {
            Assert.That(Run("sh", "-c", $"command -v {tool}").Code, Is.Zero, $"{tool} is needed (apt-get install fdisk mtools e2fsprogs)");
        }

        image = Path.GetFullPath(path);
        using JsonDocument table = JsonDocument.Parse(Run("sfdisk", "--json", image).Output);
        offsets = table.RootElement.GetProperty("partitiontable").GetProperty("partitions").EnumerateArray()
            .Select(p => p.GetProperty("start").GetInt64() * 512).ToArray();
    }

    [Test]
    public void The_partition_table_is_MBR_with_firmware_root_and_data()
    {
        using JsonDocument table = JsonDocument.Parse(Run("sfdisk", "--json", image).Output);
        JsonElement t = table.RootElement.GetProperty("partitiontable");
        Assert.That(t.GetProperty("label").GetString(), Is.EqualTo("dos"), "the Pi 3 boot ROM reads MBR only");
        var parts = t.GetProperty("partitions").EnumerateArray().ToArray();
        Assert.That(parts, Has.Length.EqualTo(3));
        Assert.Multiple(() =>
        {
            Assert.That(parts[0].GetProperty("type").GetString(), Is.EqualTo("c"), "FAT32 LBA firmware partition");
            Assert.That(parts[0].TryGetProperty("bootable", out JsonElement b) && b.GetBoolean(), Is.True);
            Assert.That(parts[1].GetProperty("type").GetString(), Is.EqualTo("83"));
            Assert.That(parts[2].GetProperty("type").GetString(), Is.EqualTo("83"));
            Assert.That(parts[0].GetProperty("start").GetInt64() * 512 % (1 << 20), Is.Zero, "aligned to 1 MiB");
        });
        Assert.That(Ext4(1, "stats").Output, Does.Contain("Filesystem volume name:   RASPIROOT"));
        Assert.That(Ext4(2, "stats").Output, Does.Contain("Filesystem volume name:   FBDDATA"));
        Assert.That(Run("sh", "-c", $"mlabel -s -i '{image}@@{offsets[0]}' ::").Output, Does.Contain("RASPIFIRM"));
    }

    [Test]
    public void The_firmware_partition_boots_Debians_kernel_with_a_read_only_root()
    {
        string dir = Run("mdir", "-b", "-i", $"{image}@@{offsets[0]}", "::/").Output;
        Assert.Multiple(() =>
        {
            foreach (string f in new[] { "bootcode.bin", "start.elf", "fixup.dat", "start4.elf", "fixup4.dat", "config.txt", "cmdline.txt",
                                         "bcm2837-rpi-3-b-plus.dtb", "bcm2711-rpi-4-b.dtb" })
            {
                Assert.That(dir, Does.Contain("::/" + f), f);
            }

            Assert.That(dir, Does.Match(@"::/vmlinuz-\S+-arm64"));
            Assert.That(dir, Does.Match(@"::/initrd\.img-\S+-arm64"));
        });

        string config = Run("mtype", "-i", $"{image}@@{offsets[0]}", "::/config.txt").Output;
        string cmdline = Run("mtype", "-i", $"{image}@@{offsets[0]}", "::/cmdline.txt").Output;
        Assert.Multiple(() =>
        {
            Assert.That(config, Does.Contain("arm_64bit=1"));
            Assert.That(config, Does.Match(@"(?m)^kernel=vmlinuz-\S+-arm64"));
            Assert.That(config, Does.Contain("framebuffer_depth=32"), "the 7\" display's framebuffer setting (raspi-firmware-custom)");
            Assert.That(cmdline, Does.Contain("root=LABEL=RASPIROOT"));
            Assert.That(Regex.IsMatch(cmdline, @"(^|\s)ro(\s|$)"), Is.True, "root mounted read-only: " + cmdline);
        });
    }

    [Test]
    public void The_root_mounts_read_only_with_the_data_partition_and_tmpfs()
    {
        string fstab = Ext4(1, "cat /etc/fstab").Output;
        var entries = fstab.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => Regex.Split(l, @"\s+")).ToDictionary(f => f[1]);
        Assert.Multiple(() =>
        {
            Assert.That(entries["/"][0], Is.EqualTo("LABEL=RASPIROOT"));
            Assert.That(entries["/"][3].Split(','), Does.Contain("ro"));
            Assert.That(entries["/boot/firmware"][0], Is.EqualTo("LABEL=RASPIFIRM"));
            Assert.That(entries["/data"][0], Is.EqualTo("LABEL=FBDDATA"));
            Assert.That(entries["/data"][3].Split(','), Does.Contain("rw"));
            Assert.That(entries["/var/lib/fbdisplay"][0], Is.EqualTo("/data/fbdisplay"));
            Assert.That(entries["/var/lib/fbdisplay"][3].Split(','), Does.Contain("bind"));
            Assert.That(entries["/opt/fbdisplay"][0], Is.EqualTo("/data/opt"));
            Assert.That(entries["/etc/NetworkManager/system-connections"][0], Is.EqualTo("/data/NetworkManager/system-connections"));
            foreach (string tmp in new[] { "/tmp", "/var/tmp", "/var/log", "/var/lib/systemd" })
            {
                Assert.That(entries[tmp][2], Is.EqualTo("tmpfs"), tmp);
            }
        });
    }

    [Test]
    public void The_display_ssh_and_first_boot_units_are_enabled_and_getty_on_tty1_is_not()
    {
        string wants = Ext4(1, "ls -p /etc/systemd/system/multi-user.target.wants").Output;
        Assert.Multiple(() =>
        {
            Assert.That(wants, Does.Contain("/fbdisplay.service/"));
            Assert.That(wants, Does.Contain("/fbdisplay-firstboot.service/"));
            Assert.That(wants, Does.Contain("/ssh.service/"));
            Assert.That(wants, Does.Contain("/NetworkManager.service/"));
            Assert.That(Ext4(1, "ls -p /etc/systemd/system/getty.target.wants").Output, Does.Not.Contain("getty@tty1.service"));
        });

        string unit = Ext4(1, "cat /etc/systemd/system/fbdisplay.service").Output;
        Assert.Multiple(() =>
        {
            Assert.That(unit, Does.Contain("ExecStart=/opt/fbdisplay/current/fbdisplay --DataDir=/var/lib/fbdisplay"));
            Assert.That(unit, Does.Contain("TTYPath=/dev/tty1"));
            Assert.That(unit, Does.Contain("WatchdogSec="));
            Assert.That(unit, Does.Contain("Restart=on-failure"));
        });
        Assert.That(Ext4(1, "cat /etc/systemd/journald.conf.d/10-fbdisplay.conf").Output, Does.Contain("Storage=volatile"));
    }

    [Test]
    public void Every_group_the_unit_asks_for_exists()
    {
        // systemd refuses to start a unit whose SupplementaryGroups names an unknown group (216/GROUP): Debian has no
        // `gpio` group, Raspberry Pi OS has (found booting the image in QEMU).
        string unit = Ext4(1, "cat /etc/systemd/system/fbdisplay.service").Output;
        string[] wanted = Regex.Match(unit, @"(?m)^SupplementaryGroups=(.*)$").Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(wanted, Is.Not.Empty);
        var groups = Ext4(1, "cat /etc/group").Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(':')).ToDictionary(f => f[0], f => f[3].Split(','));
        Assert.Multiple(() =>
        {
            foreach (string g in wanted)
            {
                Assert.That(groups.ContainsKey(g), Is.True, $"group {g} (SupplementaryGroups of fbdisplay.service)");
            }
        });
    }

    [Test]
    public void SSH_takes_keys_only_and_nobody_has_a_password()
    {
        string conf = Ext4(1, "cat /etc/ssh/sshd_config.d/10-fbdisplay.conf").Output + Ext4(1, "cat /etc/ssh/sshd_config.d/20-sd-image.conf").Output;
        Assert.That(conf, Does.Contain("PasswordAuthentication no"));
        Assert.That(conf, Does.Contain("KbdInteractiveAuthentication no"));
        Assert.That(conf, Does.Contain("HostKey /data/ssh/"));

        string shadow = Ext4(1, "cat /etc/shadow").Output;
        Assert.That(shadow, Does.Contain("root:"));
        foreach (string line in shadow.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] f = line.Split(':');
            Assert.That(f[1], Does.StartWith("!").Or.StartWith("*"), $"user {f[0]} must have no usable password");
        }

        Assert.That(Ext4(1, "ls /etc/ssh").Output, Does.Not.Contain("ssh_host_"), "host keys are made on the device, never shipped");
        Assert.That(Ext4(1, "stat /root/.ssh").Output, Does.Contain("Fast link dest: \"/data/root-ssh\""));
        Assert.That(Ext4(2, "stat /root-ssh").Output, Does.Contain("Mode:  0700"));
    }

    [Test]
    public void The_data_partition_holds_current_pointing_at_a_release_with_the_app()
    {
        string link = Ext4(2, "stat /opt/current").Output;
        Match target = Regex.Match(link, "Fast link dest: \"(releases/[^\"]+)\"");
        Assert.That(target.Success, Is.True, "/opt/fbdisplay/current (data partition /opt/current) is a link into releases/: " + link);
        string release = target.Groups[1].Value;
        string app = Ext4(2, $"stat /opt/{release}/fbdisplay").Output;
        Assert.That(app, Does.Contain("Type: regular"));
        Assert.That(Regex.Match(app, @"Mode:\s+0(\d+)").Groups[1].Value, Is.EqualTo("755"));
        Assert.That(Ext4(2, "stat /opt/fbdisplay-guard.sh").Output, Does.Contain("Type: regular"));

        // Owned by the fbdisplay user of the root file system (UPDATE SOFTWARE writes releases as that user).
        string passwd = Ext4(1, "cat /etc/passwd").Output;
        Match user = Regex.Match(passwd, @"(?m)^fbdisplay:[^:]*:(\d+):(\d+):");
        Assert.That(user.Success, Is.True, "user fbdisplay exists");
        Assert.That(Ext4(2, "stat /fbdisplay").Output, Does.Contain($"User: {user.Groups[1].Value,5}"));
        Assert.That(Ext4(2, "stat /opt/releases").Output, Does.Contain($"User: {user.Groups[1].Value,5}"));
    }

    private (int Code, string Output) Ext4(int partition, string request)
    {
        // debugfs opens a file system at a byte offset inside the image (e2fsprogs' unix I/O option "offset").
        var r = Run("debugfs", "-R", request, $"{image}?offset={offsets[partition]}");
        Assert.That(r.Code, Is.Zero, $"debugfs -R '{request}': {r.Output}");
        // debugfs reports a missing path on stderr with exit code 0: only stdout is returned here.
        return r;
    }

    private static (int Code, string Output) Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using Process p = Process.Start(psi)!;
        Task<string> err = p.StandardError.ReadToEndAsync();
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, p.ExitCode == 0 ? output : output + err.Result);
    }
}
