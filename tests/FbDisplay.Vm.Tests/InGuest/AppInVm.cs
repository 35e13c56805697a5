using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using FbDisplay.Core.Can;
using FbDisplay.Vm.Tests.Harness;

namespace FbDisplay.Vm.Tests.InGuest;

/// <summary>
/// The real app (fbdisplay, with fbdisplay-sim next to it) booted in the VM with the appliance's settings, under a
/// guest control script that the test drives through the serial console (one command per line, see
/// <see cref="ControlScript"/>). UDP 6500 and TCP 8080 are forwarded to free host ports.
/// </summary>
public sealed class AppInVm : IAsyncDisposable
{
    /// <summary>The appliance's settings, as in the brief and the systemd unit.</summary>
    public static readonly string[] AppArguments =
    [
        "--DataDir=/data", "--Display:Framebuffer=/dev/fb0", "--Display:Touch=auto", "--Can:Interface=vcan0",
        "--Udp:Port=6500", "--Web:Urls=http://0.0.0.0:8080", "--ConsoleStatus=true",
    ];

    /// <summary>
    /// PID 1 runs this with the app's arguments. A supervisor loop starts /app/fbdisplay and restarts it when it dies
    /// with a non-zero status (a signal included) one second later: a stand-in for systemd's Restart=on-failure,
    /// RestartSec=1, since the busybox guest has no systemd. A clean exit (0) ends the loop. The foreground loop reads
    /// commands from the serial console and answers with upper-case markers.
    /// </summary>
    public static readonly string ControlScript = Supervise("/app/fbdisplay", "$!") + """
        can_repeat() {
            n=$1; shift; i=0
            while [ "$i" -lt "$n" ]; do
                for f in "$@"; do cansend vcan0 "$f" || return 1; done
                sleep 0.5; i=$((i + 1))
            done
        }
        supervise "$@" &
        while read -r cmd arg; do
            pid=$(cat /run/app.pid 2>/dev/null)
            case "$cmd" in
                rss) echo "RSS $(grep VmRSS /proc/$pid/status | tr -s ' ' | cut -d' ' -f2) kB $(cut -d' ' -f1 /proc/uptime)" ;;
                term) kill -TERM "$pid" ;;
                kill) kill -KILL "$pid" ;;
                tty) printf '\033[2J\033[H\033[7m%40s\033[0m' ' ' >/dev/tty0; echo TTY-WRITTEN ;;
                can-sim) /app/fbdisplay-sim --can vcan0 --target 127.0.0.1 --port 6599 --count "$arg" --interval 0.1 --quiet >/dev/null
                    echo "CAN-SIM-DONE $?" ;;
                cansend) cansend vcan0 "$arg"; echo "CANSEND-DONE $?" ;;
                can-repeat) can_repeat $arg; echo "CAN-REPEAT-DONE $?" ;;
                candump-start) candump -L vcan0 >/tmp/candump.log & echo $! >/run/candump.pid; sleep 0.3; echo "CANDUMP-STARTED" ;;
                candump-stop) kill -INT "$(cat /run/candump.pid)"; sleep 0.5
                    while read -r line; do echo "CANDUMP $line"; done </tmp/candump.log; echo "CANDUMP-END" ;;
                log-tail) echo "LOG-TAIL $(tail -n 1 /data/PowerSafe100.log 2>/dev/null)" ;;
                quit) break ;;
                *) echo "UNKNOWN-COMMAND $cmd" ;;
            esac
        done
        """;

    /// <summary>
    /// The shell function <c>supervise</c> that stands in for systemd's Restart=on-failure, RestartSec=1 (the busybox
    /// guest has no systemd): runs <paramref name="beforeStart"/> (e.g. the ExecStartPre guard), then
    /// <paramref name="app"/> with the function's arguments, prints APP-STARTED n <paramref name="startedNote"/> and
    /// APP-EXITED code, restarts after a second on a non-zero status, ends on 0. Shared by every guest that runs the app.
    /// </summary>
    public static string Supervise(string app, string startedNote, string beforeStart = ":") => """

        supervise() {
            n=0
            while :; do
                n=$((n + 1))
                @BEFORE@
                @APP@ "$@" </dev/null &
                echo $! >/run/app.pid
                echo "APP-STARTED $n @NOTE@ $(cut -d' ' -f1 /proc/uptime)"
                wait $!
                code=$?
                echo "APP-EXITED $code $(cut -d' ' -f1 /proc/uptime)"
                [ "$code" -eq 0 ] && break
                sleep 1
            done
            echo SUPERVISOR-DONE
        }

        """.Replace("@BEFORE@", beforeStart, StringComparison.Ordinal).Replace("@APP@", app, StringComparison.Ordinal).Replace("@NOTE@", startedNote, StringComparison.Ordinal);

    public static readonly TimeSpan AppStartTimeout = TimeSpan.FromSeconds(90);

    /// <summary>
    /// The runtime settings the appliance starts the app with: the <c>Environment=</c> lines of image/pi/fbdisplay.service
    /// (GC mode and budget, heap limit, tiering), read from the unit so the guest cannot drift from the Pi. The busybox
    /// guest has no systemd; these reach the app through the kernel command line.
    /// </summary>
    public static IReadOnlyDictionary<string, string> ApplianceEnvironment => FbDisplay.TestSupport.ApplianceUnit.Environment;

    private static readonly Lazy<Task<string>> Published = new(PublishBothAsync);

    private readonly GuestPayload _payload;
    private readonly Socket _udp = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

    private AppInVm(VmInstance vm, GuestPayload payload, string appDirectory)
    {
        Vm = vm;
        _payload = payload;
        AppDirectory = appDirectory;
        UdpPort = vm.HostPort(VmProtocol.Udp, 6500);
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{vm.HostPort(VmProtocol.Tcp, 8080)}/"), Timeout = TimeSpan.FromSeconds(10) };
    }

    public VmInstance Vm { get; }

    /// <summary>The host directory shared as /app: fbdisplay and fbdisplay-sim, self-contained linux-x64.</summary>
    public string AppDirectory { get; }

    /// <summary>Host UDP port on 127.0.0.1 forwarded to the app's 6500.</summary>
    public int UdpPort { get; }

    /// <summary>Talks to the app's web server through the forwarded port.</summary>
    public HttpClient Http { get; }

    /// <summary>Publishes fbdisplay and fbdisplay-sim into one directory, once per test run.</summary>
    public static Task<string> PublishAsync() => Published.Value;

    /// <summary>Boots the VM with the app under the control script; returns once the guest is ready (the app is starting).</summary>
    /// <param name="tap">A second NIC on this host tap device (the guest gets its address), for real broadcasts.</param>
    /// <param name="extraArguments">App arguments after <see cref="AppArguments"/> (no spaces inside one).</param>
    public static async Task<AppInVm> StartAsync(TapDevice? tap = null, IReadOnlyList<string>? extraArguments = null)
    {
        await VmImage.EnsureBuiltAsync();
        var app = await PublishAsync();
        var payload = new GuestPayload();
        try
        {
            var script = payload.AddScript("ctl.sh", ControlScript);
            var vm = await VmInstance.StartAsync(new VmOptions
            {
                AppDirectory = app,
                Shares = [new VmShare("e2e", payload.Path, ReadOnly: true)],
                Command = script.Replace("/app/", "/mnt/e2e/", StringComparison.Ordinal),
                Arguments = [.. AppArguments, .. extraArguments ?? []],
                Environment = ApplianceEnvironment,
                Tap = tap,
                Forwards = [new VmPortForward(VmProtocol.Udp, 6500), new VmPortForward(VmProtocol.Tcp, 8080)],
                ReadyTimeout = TimeSpan.FromSeconds(120),
            });
            return new AppInVm(vm, payload, app);
        }
        catch
        {
            payload.Dispose();
            throw;
        }
    }

    /// <summary>Waits for a serial line containing <paramref name="text"/> (the app's log lines carry colour codes).</summary>
    public Task<string> WaitForLineAsync(string text, TimeSpan timeout, int fromLine = 0) =>
        Vm.WaitForLineAsync(l => l.Contains(text, StringComparison.Ordinal), timeout, fromLine);

    /// <summary>Waits for the app's web server, which it starts last.</summary>
    public Task WaitForWebAsync(int fromLine = 0) => WaitForLineAsync("Web server on http://0.0.0.0:8080", AppStartTimeout, fromLine);

    /// <summary>Types a command for the control script.</summary>
    public Task CommandAsync(string command) => Vm.WriteLineAsync(command);

    /// <summary>How long one GET may keep failing (no answer in the client's 10 s, or a reset) before it counts.</summary>
    public static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(60);

    /// <summary>GETs that failed and were asked again (each one is printed to the test output with its reason).</summary>
    public int HttpRetries { get; private set; }

    public async Task<JsonObject> StatusAsync() =>
        JsonNode.Parse(await GetStringAsync("api/status")) as JsonObject
        ?? throw new InvalidDataException("/api/status is not a JSON object");

    /// <summary>Polls /api/status until <paramref name="done"/> holds; fails the test with the last status after <paramref name="timeout"/>.</summary>
    public async Task<JsonObject> WaitForStatusAsync(Func<JsonObject, bool> done, TimeSpan timeout, string? context = null)
    {
        var start = TimeProvider.System.GetTimestamp();
        while (true)
        {
            var status = await StatusAsync();
            if (done(status))
            {
                return status;
            }

            if (TimeProvider.System.GetElapsedTime(start) > timeout)
            {
                Assert.Fail($"/api/status never got there within {timeout.TotalSeconds} s: {status.ToJsonString()}\n{context}{Vm.Transcript}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System);
        }
    }

    /// <summary>
    /// A GET through QEMU's TCP forward. Under software emulation on a loaded host the guest can take longer than the
    /// client's 10 s (the first request JIT-compiles the web stack), and the forward resets a connection the guest has
    /// not accepted yet; such a GET is asked again for up to <see cref="AnswerTimeout"/>, and every retry is printed, so
    /// a server that really stopped answering still fails the test with its last error.
    /// </summary>
    public async Task<string> GetStringAsync(string path)
    {
        var start = TimeProvider.System.GetTimestamp();
        while (true)
        {
            try
            {
                return await Http.GetStringAsync(new Uri(path, UriKind.Relative));
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException
                && TimeProvider.System.GetElapsedTime(start) < AnswerTimeout)
            {
                HttpRetries++;
                TestContext.Out.WriteLine(
                    $"GET /{path}: {e.GetType().Name} ({e.InnerException?.Message ?? e.Message}) after "
                    + $"{TimeProvider.System.GetElapsedTime(start).TotalSeconds:0.0} s, at {Vm.Elapsed.TotalSeconds:0.0} s of the VM; asking again");
                await Task.Delay(TimeSpan.FromMilliseconds(500), TimeProvider.System);
            }
        }
    }

    /// <summary>One sample of a Prometheus metric without labels from /metrics.</summary>
    public async Task<double> MetricAsync(string name)
    {
        var text = await GetStringAsync("metrics");
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith(name + " ", StringComparison.Ordinal))
            {
                return double.Parse(line.AsSpan(name.Length + 1), NumberStyles.Float, CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidDataException($"/metrics has no {name}:\n{text}");
    }

    /// <summary>Sends one frame to the app the way the controller does: a 24-byte datagram, here through the forward.</summary>
    public void SendFrame(uint id, ReadOnlySpan<byte> data)
    {
        var datagram = new byte[EvtvUdpCodec.DatagramLength];
        EvtvUdpCodec.Write(CanFrame.Create(id, data), datagram);
        _udp.SendTo(datagram, new IPEndPoint(IPAddress.Loopback, UdpPort));
    }

    /// <summary>Runs the published simulator on this machine, sending to the forwarded UDP port; returns its output.</summary>
    public async Task<string> RunHostSimulatorAsync(TimeSpan timeout, params string[] arguments)
    {
        var psi = new System.Diagnostics.ProcessStartInfo(Path.Combine(AppDirectory, "fbdisplay-sim"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in (string[])["--target", "127.0.0.1", "--port", UdpPort.ToString(CultureInfo.InvariantCulture), .. arguments])
        {
            psi.ArgumentList.Add(a);
        }

        using var process = System.Diagnostics.Process.Start(psi) ?? throw new InvalidOperationException("cannot start fbdisplay-sim");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"fbdisplay-sim did not finish within {timeout.TotalSeconds:0} s");
        }

        var output = await stdout + await stderr;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"fbdisplay-sim exited with {process.ExitCode}:\n{output}");
        }

        return output;
    }

    /// <summary>Ends the control script (the guest powers off) and returns its exit code.</summary>
    public async Task<int> QuitAsync()
    {
        await CommandAsync("quit");
        return await Vm.WaitForExitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>Saves a screendump under the test's work directory and attaches it, for a human to look at.</summary>
    public static void Attach(PpmImage shot, string name)
    {
        ArgumentNullException.ThrowIfNull(shot);
        var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, $"{TestContext.CurrentContext.Test.Name}-{name}.ppm");
        shot.Save(path);
        TestContext.AddTestAttachment(path);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        _udp.Dispose();
        await Vm.DisposeAsync();
        _payload.Dispose();
    }

    private static async Task<string> PublishBothAsync()
    {
        // One directory for both: the simulator runs in the guest (CAN) and on this machine (UDP through the forward).
        const string name = "fbdisplay-e2e";
        await VmImage.PublishAsync("src/FbDisplay.Simulator/FbDisplay.Simulator.csproj", name);
        return await VmImage.PublishAsync("src/FbDisplay.App/FbDisplay.App.csproj", name);
    }
}
