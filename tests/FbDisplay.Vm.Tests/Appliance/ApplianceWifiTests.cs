using System.Diagnostics;
using FbDisplay.Vm.Tests.Harness;
using FbDisplay.Vm.Tests.InGuest;

namespace FbDisplay.Vm.Tests.Appliance;

/// <summary>
/// Issue 16's "Wi-Fi by touch" in the x86-64 appliance image, as an owner does it: two <c>mac80211_hwsim</c> radios in
/// the guest, one in its own network namespace running hostapd (WPA2-PSK) and a DHCP server (the test overlay's
/// <c>fbd-test-wifi</c>), the other the display's wlan0 under NetworkManager. Everything on the screen is done by QMP
/// taps: the gear, the arrows to the NETWORK page, the network in the list, the password on the on-screen keyboard.
/// The real fbdisplay.service (user fbdisplay, no login session) drives NetworkManager through nmcli; the serial
/// console's root shell only starts the access point and checks what NetworkManager did.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class ApplianceWifiTests
{
    private const string Ssid = "fbd-test";
    private const string Password = "batterypass";
    private const string WrongPassword = "wrongpassword";
    private const int Width = 800;
    private const int Height = 480;
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan Join = TimeSpan.FromSeconds(120);

    // Layouts of src/FbDisplay.Ui (the goldens settings_network.png, keyboard_password.png, keyboard_password_digits.png).
    private static readonly (int X, int Y) Gear = (772, 28);
    private static readonly (int X, int Y) Previous = (668, 34);
    private static readonly (int X, int Y) Save = (545, 34);
    private static readonly (int X, int Y) FirstNetwork = (200, 122);
    private static readonly (int X, int Y) StaticSegment = (712, 121);
    private static readonly (int X, int Y) AddressField = (640, 201);
    private static readonly (int X, int Y) KeyboardOk = (736, 82);
    private static readonly (int X, int Y) Backspace = (737, 348);
    private static readonly (int X, int Y) Show = (538, 82);
    private static readonly Region Title = new(84, 6, 300, 32);
    private static readonly Region FirstRowSignal = new(356, 100, 60, 40);
    private static readonly Region FirstRowName = new(50, 108, 230, 30);
    private static readonly Region AddressValue = new(506, 180, 240, 42);
    private static readonly Region KeyboardOkRegion = new(688, 42, 96, 80);

    private ApplianceVm? _vm;
    private string _shots = "";
    private int _shot;

    private ApplianceVm Vm => _vm ?? throw new InvalidOperationException("not booted");

    [OneTimeSetUp]
    public async Task BootAsync()
    {
        _shots = Path.Combine(TestContext.CurrentContext.WorkDirectory, "appliance-wifi");
        if (Directory.Exists(_shots))
        {
            Directory.Delete(_shots, recursive: true);
        }

        Directory.CreateDirectory(_shots);
        var build = await ApplianceVm.EnsureBuiltAsync();
        await TestContext.Progress.WriteLineAsync(build);
        _vm = await ApplianceVm.StartAsync(new ApplianceVmOptions());
        await WaitForScreenAsync("first-frame", s => s.Count(0, 0, Width, Height, p => p.R + p.G + p.B > 96) > Width * Height / 50, TimeSpan.FromMinutes(4));
        await Vm.CheckAsync("export TERM=dumb NO_COLOR=1; systemctl is-active NetworkManager.service fbdisplay.service", TimeSpan.FromMinutes(2));
        var ap = await Vm.CheckAsync($"fbd-test-wifi start {Ssid} {Password}", TimeSpan.FromMinutes(1));
        Assert.That(ap, Does.Contain("FBD-WIFI-AP-UP"));
    }

    [OneTimeTearDown]
    public async Task PowerOffAsync()
    {
        if (_vm is not null)
        {
            var log = await _vm.RunAsync("fbd-test-wifi log; journalctl -b --no-pager -o short-monotonic -u NetworkManager -u fbdisplay | tail -n 120", TimeSpan.FromSeconds(30));
            await File.WriteAllTextAsync(Path.Combine(_shots, "guest-log.txt"), log.Output + "\n\n" + _vm.Transcript);
            await _vm.DisposeAsync();
        }
    }

    [Test]
    [Order(1)]
    public async Task The_unprivileged_display_user_may_drive_NetworkManager()
    {
        // What fbdisplay.service's nmcli calls meet: polkit, for a user without a login session.
        var (output, code) = await Vm.RunAsync("runuser -u fbdisplay -- nmcli -c no -t -f SSID,SIGNAL dev wifi list --rescan yes", Step);
        Assert.That(code, Is.EqualTo(0), output);
        var (modify, modifyCode) = await Vm.RunAsync("runuser -u fbdisplay -- nmcli -c no general permissions", Step);
        await TestContext.Progress.WriteLineAsync($"nmcli as fbdisplay:\n{output}\n{modify}");
        Assert.That(modifyCode, Is.EqualTo(0), modify);
        Assert.That(modify, Does.Contain("org.freedesktop.NetworkManager.network-control").And.Not.Contain("auth"), "every NetworkManager action allowed");
    }

    [Test]
    [Order(2)]
    public async Task The_network_page_lists_the_test_network_with_its_signal()
    {
        // In a subshell: an exit of the serial console's shell itself would end it (systemd starts a new one).
        await Vm.CheckAsync($"(for i in $(seq 90); do nmcli -c no -t -f SSID dev wifi list --rescan yes | grep -qx {Ssid} && exit 0; sleep 1; done; exit 1)", TimeSpan.FromMinutes(3));
        await TapAsync(Gear);
        await WaitForScreenAsync("settings", s => Title.Count(s, IsWhite) > 100, Step);
        await TapAsync(Previous);
        await Task.Delay(1000);
        await TapAsync(Previous);
        var page = await WaitForScreenAsync("network-list", s => FirstRowSignal.Count(s, IsWhite) > 60 && FirstRowName.Count(s, IsWhite) > 60, Join);
        Assert.That(FirstRowSignal.Count(page, IsWhite), Is.GreaterThan(60), "signal bars in the first row");
    }

    [Test]
    [Order(3)]
    public async Task A_wrong_password_gives_a_clear_message_and_no_connection()
    {
        var started = Stopwatch.StartNew();
        await TypePasswordAsync(WrongPassword);
        var shot = await WaitForScreenAsync("wrong-password", s => ToastRows(s, IsRed) > 30, Join);
        await TestContext.Progress.WriteLineAsync($"wrong password: OK tap to the red message {started.Elapsed.TotalSeconds:0.0} s");
        var state = await Vm.CheckAsync("nmcli -c no -t -f GENERAL.STATE dev show wlan0; nmcli -c no -t -f NAME,TYPE con show");
        var journal = await Vm.RunAsync("journalctl -b --no-pager -o cat -u fbdisplay | grep -i -e password -e secrets | tail -5");
        await TestContext.Progress.WriteLineAsync($"{state}\n{journal.Output}");
        Assert.Multiple(() =>
        {
            Assert.That(ToastRows(shot, IsRed), Is.GreaterThan(30), "a red (error) message on the page");
            Assert.That(state, Does.Not.Contain("100 (connected)"));
        });
    }

    [Test]
    [Order(4)]
    public async Task The_right_password_joins_and_the_page_shows_the_leased_address()
    {
        var before = await Vm.Qmp.ScreenshotAsync();
        var started = Stopwatch.StartNew();
        await TypePasswordAsync(Password);
        var joined = await WaitForScreenAsync("joined", s => ToastRows(s, IsGreen) > 30, Join);
        var toJoined = started.Elapsed;
        var device = await Vm.CheckAsync("nmcli -c no -t -f GENERAL.STATE,GENERAL.CONNECTION,IP4.ADDRESS dev show wlan0");
        var address = device.Split('\n').FirstOrDefault(l => l.StartsWith("IP4.ADDRESS", StringComparison.Ordinal))?.Split(':', 2)[1].Split('/')[0] ?? "";
        var shown = await WaitForScreenAsync("address", s => AddressValue.Differences(s, before) > 100, Step);
        await TestContext.Progress.WriteLineAsync($"right password: OK tap to the green message {toJoined.TotalSeconds:0.0} s, to the address on the page {started.Elapsed.TotalSeconds:0.0} s\n{device}");
        var ping = await Vm.RunAsync($"ip netns exec fbdap ping -c 1 -W 5 {address}", Step);
        Assert.Multiple(() =>
        {
            Assert.That(device, Does.Contain("GENERAL.STATE:100 (connected)"));
            Assert.That(device, Does.Contain($"GENERAL.CONNECTION:{Ssid}"));
            Assert.That(address, Does.StartWith("192.168.77."), "a lease from the test network's DHCP server");
            Assert.That(ping.ExitCode, Is.EqualTo(0), $"the access point reaches the display at {address}:\n{ping.Output}");
            Assert.That(AddressValue.Differences(shown, before), Is.GreaterThan(100), "the address field shows the lease");
        });
    }

    [Test]
    [Order(5)]
    public async Task A_static_address_typed_on_the_page_is_applied_on_SAVE()
    {
        const string address = "192.168.77.60/24";
        await TapAsync(StaticSegment);
        await Task.Delay(500);
        await TapAsync(AddressField);
        await WaitForScreenAsync("address-keyboard", IsKeyboard, Step);
        for (var i = 0; i < 20; i++)
        {
            await TapAsync(Backspace);
        }

        foreach (var c in address)
        {
            await TapAsync(DigitKey(c));
        }

        await WaitForScreenAsync("address-typed", s => true, Step);
        await TapAsync(KeyboardOk);
        await WaitForScreenAsync("address-edited", s => !IsKeyboard(s), Step);
        // The join's green "Connected" message lasts 6 s: the SAVE's own message must not be mistaken for it (a quiet
        // CI machine typed the address within those 6 s).
        await WaitForScreenAsync("join-message-gone", s => ToastRows(s, IsGreen) == 0, Join);
        await TapAsync(Save);
        var started = Stopwatch.StartNew();
        await WaitForScreenAsync("static-saved", s => ToastRows(s, IsGreen) > 30, Join);
        var saved = started.Elapsed;
        var config = "";
        for (var wait = Stopwatch.StartNew(); wait.Elapsed < Join; await Task.Delay(1000))
        {
            config = await Vm.CheckAsync($"nmcli -c no -t -f ipv4.method,ipv4.addresses,IP4.ADDRESS con show {Ssid}");
            if (config.Contains($"IP4.ADDRESS[1]:{address}", StringComparison.Ordinal))
            {
                break;
            }
        }

        var ping = await Vm.RunAsync("ip netns exec fbdap ping -c 1 -W 5 192.168.77.60", Step);
        await TestContext.Progress.WriteLineAsync($"static address: SAVE tap to the green message {saved.TotalSeconds:0.0} s\n{config}");
        Assert.Multiple(() =>
        {
            Assert.That(config, Does.Contain("ipv4.method:manual"));
            Assert.That(config, Does.Contain($"IP4.ADDRESS[1]:{address}"));
            Assert.That(ping.ExitCode, Is.EqualTo(0), ping.Output);
        });
    }

    private static bool IsWhite(Rgb c) => c.R > 220 && c.G > 220 && c.B > 220;

    private static bool IsRed(Rgb c) => c.R > 200 && c.G < 90 && c.B < 90;

    private static bool IsGreen(Rgb c) => c.R < 90 && c.G > 170 && c.B < 120;

    private static bool IsKeyboard(PpmImage s) => KeyboardOkRegion.Count(s, IsGreen) > 40;

    // A toast (src/FbDisplay.Ui/Widgets/Toast.cs): its kind's colour in an 8 px stripe at x 16-24 on a button-face box,
    // at the bottom or just above the alarm banner (red from x 0: "Controller lost" comes up on a display without data).
    private static int ToastRows(PpmImage s, Func<Rgb, bool> kind)
    {
        var rows = 0;
        for (var y = 300; y < Height; y++)
        {
            var face = s[30, y];
            if (kind(s[20, y]) && face.R is > 0x20 and < 0x2A && face.G is > 0x26 and < 0x30 && face.B is > 0x31 and < 0x3B)
            {
                rows++;
            }
        }

        return rows;
    }

    // Key centres of the letters layout (keyboard_password.png): rows at y 174, 261, 348, keys 79.4 px apart.
    private static (int X, int Y) LetterKey(char c)
    {
        string[] rows = ["qwertyuiop", "asdfghjkl", "zxcvbnm"];
        double[] first = [42, 82, 161];
        int[] y = [174, 261, 348];
        for (var r = 0; r < rows.Length; r++)
        {
            var i = rows[r].IndexOf(c, StringComparison.Ordinal);
            if (i >= 0)
            {
                return ((int)Math.Round(first[r] + (i * 79.4)), y[r]);
            }
        }

        throw new ArgumentOutOfRangeException(nameof(c), c, "not a lower-case letter");
    }

    // The digits layout (keyboard_password_digits.png): 1-0 on the top row, '/' and '.' on the bottom row.
    private static (int X, int Y) DigitKey(char c) => c switch
    {
        >= '1' and <= '9' => ((int)Math.Round(42 + ((c - '1') * 79.4)), 174),
        '0' => (757, 174),
        '.' => (598, 434),
        '/' => (161, 434),
        _ => throw new ArgumentOutOfRangeException(nameof(c), c, "not in an address"),
    };

    private async Task TypePasswordAsync(string password)
    {
        await TapAsync(FirstNetwork);
        await WaitForScreenAsync("keyboard", IsKeyboard, Step);
        foreach (var c in password)
        {
            await TapAsync(LetterKey(c));
        }

        await TapAsync(Show);
        await WaitForScreenAsync("password-typed", s => true, Step);
        await TapAsync(KeyboardOk);
    }

    private Task TapAsync((int X, int Y) at) => Vm.Qmp.TapAsync(at.X, at.Y, Width, Height);

    private async Task<PpmImage> WaitForScreenAsync(string name, Func<PpmImage, bool> match, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        PpmImage shot;
        do
        {
            shot = await Vm.Qmp.ScreenshotAsync();
            if (match(shot))
            {
                break;
            }

            await Task.Delay(200);
        }
        while (clock.Elapsed < timeout);

        var path = Path.Combine(_shots, $"{++_shot:00}-{name}.ppm");
        shot.Save(path);
        TestContext.AddTestAttachment(path, name);
        Assert.That(match(shot), Is.True, $"{name}: not on the screen within {timeout.TotalSeconds:0} s (last screendump {path})\n{Vm.Transcript[^Math.Min(Vm.Transcript.Length, 4000)..]}");
        return shot;
    }
}
