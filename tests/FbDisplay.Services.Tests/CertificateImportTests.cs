using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using FbDisplay.Services.Storage;
using FbDisplay.TestSupport;

namespace FbDisplay.Services.Tests;

public class CertificateImportTests
{
    private static (string Cert, string Key) NewPair(string name)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using X509Certificate2 cert = request.CreateSelfSigned(new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2040, 1, 1, 0, 0, 0, TimeSpan.Zero));
        return (cert.ExportCertificatePem(), rsa.ExportRSAPrivateKeyPem()); // PKCS#1, as AWS hands it out
    }

    private static readonly Lazy<(string Cert, string Key)> Good = new(() => NewPair("display"));
    private static readonly Lazy<(string Cert, string Key)> Other = new(() => NewPair("other"));

    private static void WriteSet(TempDirectory stick, bool url = true, bool cert = true, bool key = true, string? keyPem = null)
    {
        if (url)
        {
            File.WriteAllText(stick.File("aws_url"), "a2718fm89xva84-ats.iot.us-east-1.amazonaws.com\n");
        }

        if (cert)
        {
            File.WriteAllText(stick.File("aws_cert.pem.crt"), Good.Value.Cert);
        }

        if (key)
        {
            File.WriteAllText(stick.File("aws_privkey.pem.key"), keyPem ?? Good.Value.Key);
        }
    }

    [Test]
    public async Task Good_files_are_copied_with_a_private_key_mode_and_not_rewritten_next_boot()
    {
        using var stick = new TempDirectory("stick");
        using var data = new TempDirectory("data");
        WriteSet(stick);
        File.WriteAllText(stick.File("aws_ca.pem"), Other.Value.Cert);
        var import = new CertificateImport(new DirectoryDrive(stick.Path), data.Path);

        CertificateImportResult first = await import.ImportAsync();

        Assert.That(first.Outcome, Is.EqualTo(CertificateImportOutcome.Imported), first.Message);
        Assert.That(first.FilesWritten, Is.EquivalentTo(new[] { "aws_url", "aws_cert.pem.crt", "aws_privkey.pem.key", "aws_ca.pem" }));
        Assert.That(File.ReadAllText(data.File("aws_privkey.pem.key")), Is.EqualTo(Good.Value.Key));
        if (OperatingSystem.IsLinux())
        {
            Assert.That(File.GetUnixFileMode(data.File("aws_privkey.pem.key")), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        }

        CertificateImportResult second = await import.ImportAsync();
        Assert.That(second.Outcome, Is.EqualTo(CertificateImportOutcome.Imported));
        Assert.That(second.FilesWritten, Is.Empty);
        Assert.That(second.Message, Does.Contain("already installed"));
    }

    [Test]
    public async Task Names_written_in_capitals_by_windows_are_found()
    {
        using var stick = new TempDirectory("stick");
        using var data = new TempDirectory("data");
        WriteSet(stick);
        File.Move(stick.File("aws_url"), stick.File("AWS_URL"));
        CertificateImportResult r = await new CertificateImport(new DirectoryDrive(stick.Path), data.Path).ImportAsync();
        Assert.That(r.Outcome, Is.EqualTo(CertificateImportOutcome.Imported), r.Message);
        Assert.That(File.Exists(data.File("aws_url")), Is.True);
    }

    [Test]
    public async Task A_missing_key_copies_nothing_and_names_the_file()
    {
        using var stick = new TempDirectory("stick");
        using var data = new TempDirectory("data");
        WriteSet(stick, key: false);
        CertificateImportResult r = await new CertificateImport(new DirectoryDrive(stick.Path), data.Path).ImportAsync();
        Assert.That(r.Outcome, Is.EqualTo(CertificateImportOutcome.MissingFile));
        Assert.That(r.Message, Does.Contain("aws_privkey.pem.key"));
        Assert.That(Directory.GetFiles(data.Path), Is.Empty);
    }

    [TestCase("-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBACGCAQEApzDlOMqEdgWa9z1vpnZqpOmiBLvcx8Hhafv+RkaMqcgPKWAP\n-----END RSA PRIVATE KEY-----\n", TestName = "Garbage_pem_like_the_manual_s_excerpt_is_refused")]
    [TestCase("hello", TestName = "A_key_file_that_is_not_pem_is_refused")]
    [TestCase(null, TestName = "A_key_belonging_to_another_certificate_is_refused")]
    public async Task Invalid_key_files_copy_nothing(string? keyPem)
    {
        using var stick = new TempDirectory("stick");
        using var data = new TempDirectory("data");
        WriteSet(stick, keyPem: keyPem ?? Other.Value.Key);
        CertificateImportResult r = await new CertificateImport(new DirectoryDrive(stick.Path), data.Path).ImportAsync();
        TestContext.Out.WriteLine(r.Message);
        Assert.That(r.Outcome, Is.EqualTo(CertificateImportOutcome.InvalidFile));
        Assert.That(r.Message, Does.Contain("aws_privkey.pem.key"));
        Assert.That(Directory.GetFiles(data.Path), Is.Empty);
    }

    [Test]
    public async Task A_garbage_certificate_or_url_is_refused()
    {
        using var stick = new TempDirectory("stick");
        using var data = new TempDirectory("data");
        WriteSet(stick);
        File.WriteAllText(stick.File("aws_url"), "http://not a broker\n");
        var import = new CertificateImport(new DirectoryDrive(stick.Path), data.Path);
        Assert.That((await import.ImportAsync()).Message, Does.Contain("aws_url"));
        WriteSet(stick);
        File.WriteAllText(stick.File("aws_cert.pem.crt"), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        CertificateImportResult r = await import.ImportAsync();
        Assert.That(r.Outcome, Is.EqualTo(CertificateImportOutcome.InvalidFile));
        Assert.That(Directory.GetFiles(data.Path), Is.Empty);
    }

    [Test]
    public async Task A_drive_without_mqtt_files_is_not_an_error_and_no_drive_says_so()
    {
        using var stick = new TempDirectory("stick");
        using var data = new TempDirectory("data");
        Assert.That((await new CertificateImport(new DirectoryDrive(stick.Path), data.Path).ImportAsync()).Outcome, Is.EqualTo(CertificateImportOutcome.NothingToImport));
        Assert.That((await new CertificateImport(new DirectoryDrive(stick.File("gone")), data.Path).ImportAsync()).Outcome, Is.EqualTo(CertificateImportOutcome.NoDrive));
        CertificateImportResult r = await new CertificateImport(new BlockDeviceDrive(stick.File("by-label/BATTERY")), data.Path).ImportAsync();
        Assert.That(r.Outcome, Is.EqualTo(CertificateImportOutcome.NoDrive));
        Assert.That(r.Message, Does.Contain("No USB drive labelled BATTERY"));
    }

    [Test]
    public async Task A_drive_that_is_not_fat_is_reported_before_any_mount()
    {
        using var dir = new TempDirectory("img");
        string image = dir.File("BATTERY");
        File.WriteAllBytes(image, new byte[64 * 1024]); // e.g. an ext4 or exFAT stick: no FAT boot sector
        CertificateImportResult r = await new CertificateImport(new BlockDeviceDrive(image), dir.Path).ImportAsync();
        Assert.That(r.Outcome, Is.EqualTo(CertificateImportOutcome.NotFat));
        Assert.That(r.Message, Does.Contain("not FAT"));
    }

    [Test]
    public async Task A_fat_drive_the_kernel_will_not_mount_is_reported_with_the_reason()
    {
        RequireTool("mkfs.vfat", "dosfstools");
        using var dir = new TempDirectory("img");
        string image = dir.File("BATTERY");
        MosquittoBroker.Run("mkfs.vfat", "-C", "-n", "BATTERY", image, "2048");

        // A regular file is not a block device: mount(2) refuses it (ENOTBLK, ENODEV without vfat, EPERM without root).
        DriveUseResult r = await new BlockDeviceDrive(image, dir.Path).UseAsync(false, (_, _) => throw new AssertionException("must not run"));
        TestContext.Out.WriteLine(r.Message);
        Assert.That(r.Problem, Is.EqualTo(DriveProblem.MountFailed));
        Assert.That(r.Message, Does.Contain("Cannot mount").And.Contain("FAT12"));
        Assert.That(Directory.GetDirectories(dir.Path), Is.Empty, "the mount point is removed again");
    }

    [TestCase("12", 2048, "FAT12")]
    [TestCase("16", 16384, "FAT16")]
    [TestCase("32", 40000, "FAT32")]
    public void Boot_sectors_written_by_mkfs_vfat_are_recognised(string bits, int kilobytes, string type)
    {
        RequireTool("mkfs.vfat", "dosfstools");
        using var dir = new TempDirectory("img");
        string image = dir.File("fat.img");
        MosquittoBroker.Run("mkfs.vfat", "-C", "-F", bits, "-n", "BATTERY", image, kilobytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        byte[] sector = new byte[512];
        using (FileStream fs = File.OpenRead(image))
        {
            fs.ReadExactly(sector);
        }

        Assert.That(FatBootSector.IsFat(sector, out string? found), Is.True);
        Assert.That(found, Is.EqualTo(type));
    }

    [Test]
    public async Task A_loop_mounted_fat_image_labelled_BATTERY_is_imported_read_only()
    {
        if (Environment.UserName != "root" || !File.ReadAllText("/proc/filesystems").Contains("vfat", StringComparison.Ordinal))
        {
            Assert.Ignore("Needs root and a kernel with vfat (this container has none): the import from a real FAT drive runs in the appliance image (ApplianceBootTests.The_MQTT_certificates_on_the_drive_are_imported_at_start_with_the_key_0600, tests/FbDisplay.Vm.Tests).");
        }

        RequireTool("mkfs.vfat", "dosfstools");
        using var dir = new TempDirectory("img");
        using var data = new TempDirectory("data");
        string image = dir.File("battery.img");
        MosquittoBroker.Run("mkfs.vfat", "-C", "-n", "BATTERY", image, "4096");
        string loop = MosquittoBroker.Run("losetup", "-f", "--show", image).Trim();
        try
        {
            string fill = dir.File("fill");
            Directory.CreateDirectory(fill);
            MosquittoBroker.Run("mount", "-t", "vfat", loop, fill);
            try
            {
                using var stick = new TempDirectoryAt(fill);
                WriteSet(stick.Dir);
            }
            finally
            {
                MosquittoBroker.Run("umount", fill);
            }

            var drive = new BlockDeviceDrive(loop);
            CertificateImportResult r = await new CertificateImport(drive, data.Path).ImportAsync();
            Assert.That(r.Outcome, Is.EqualTo(CertificateImportOutcome.Imported), r.Message);
            Assert.That(File.ReadAllText(data.File("aws_cert.pem.crt")), Is.EqualTo(Good.Value.Cert));

            DriveUseResult ro = await drive.UseAsync(false, (root, _) =>
            {
                Assert.That(() => File.WriteAllText(Path.Combine(root, "x"), "x"), Throws.InstanceOf<IOException>().Or.InstanceOf<UnauthorizedAccessException>());
                return Task.CompletedTask;
            });
            Assert.That(ro.Ok, Is.True, ro.Message);
            Assert.That(File.ReadAllText("/proc/mounts"), Does.Not.Contain(loop + " "), "unmounted afterwards");
        }
        finally
        {
            MosquittoBroker.Run("losetup", "-d", loop);
        }
    }

    private static void RequireTool(string tool, string package) => DebianPackages.Require(tool, package);

    /// <summary>Lets <see cref="WriteSet"/> write into an existing directory (the mounted image).</summary>
    private sealed class TempDirectoryAt(string path) : IDisposable
    {
        public TempDirectory Dir { get; } = new TempDirectory("unused");

        public void Dispose()
        {
            foreach (string f in Directory.GetFiles(Dir.Path))
            {
                File.Copy(f, Path.Combine(path, Path.GetFileName(f)));
            }

            Dir.Dispose();
        }
    }
}
