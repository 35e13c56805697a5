using FbDisplay.Core.Battery;
using FbDisplay.Core.Can;
using FbDisplay.Core.Inverter;
using FbDisplay.TestSupport;

namespace FbDisplay.Core.Tests.Inverter;

/// <summary>The link's second-by-second behaviour against a fake socket (vcan has no bus errors to test with).</summary>
public class InverterLinkTests
{
    private static readonly InverterSettings Defaults = new(0, 0, 100, 4.10);

    private ManualTimeProvider _time = null!;
    private BatteryState _state = null!;
    private BatteryDecoder _decoder = null!;
    private FakeTransmitter _socket = null!;
    private InverterLink _link = null!;

    [SetUp]
    public void SetUp()
    {
        _time = new ManualTimeProvider();
        _state = new BatteryState();
        _decoder = new BatteryDecoder(_state, new FrameCounters());
        _socket = new FakeTransmitter();
        _link = new InverterLink(_socket, Defaults, _time);
    }

    /// <summary>One second passes with the controller sending (or silent), then the link's tick.</summary>
    private void Second(bool controller = true)
    {
        _time.Advance(TimeSpan.FromSeconds(1));
        if (controller)
        {
            InverterFramesTests.Controller(_decoder, _time.GetTimestamp());
        }

        _link.Tick(_state, _time.GetTimestamp());
    }

    [Test]
    public void Sends_six_frames_a_second_while_the_controller_sends_and_stops_the_first_second_it_is_silent()
    {
        _link.Tick(_state, _time.GetTimestamp());
        Assert.That(_link.State, Is.EqualTo(InverterLinkState.Stale), "nothing before the controller's first frames");
        Assert.That(_socket.Sent, Is.Empty);

        for (int i = 0; i < 5; i++)
        {
            Second();
        }

        Assert.That(_socket.Sent, Has.Count.EqualTo(30));
        Assert.That(_socket.Sent.Take(6).Select(f => f.Id), Is.EqualTo(new uint[] { 0x351, 0x355, 0x356, 0x359, 0x35C, 0x35E }));
        Assert.That((_link.State, _link.FramesSent, _link.BurstsSent, _link.Message), Is.EqualTo((InverterLinkState.Sending, 30L, 5L, "")));

        Second(controller: true);
        _time.Advance(TimeSpan.FromSeconds(1.6)); // the controller's last frames are now 1.6 s old
        _link.Tick(_state, _time.GetTimestamp());
        Assert.That(_socket.Sent, Has.Count.EqualTo(36));
        Assert.That(_link.State, Is.EqualTo(InverterLinkState.Stale));
        Assert.That(_link.Message, Is.EqualTo("Inverter link (fake0) stopped: no fresh controller data."));

        Second();
        Assert.That(_link.State, Is.EqualTo(InverterLinkState.Sending), "resumes with the data");
    }

    [Test]
    public void A_bus_error_is_counted_and_the_next_try_waits_doubling_from_2_s()
    {
        Second();
        _socket.Errno = Errno.ENOBUFS;
        var tries = new List<int>();
        for (int s = 2; s <= 40; s++)
        {
            int before = _socket.Attempts;
            Second();
            if (_socket.Attempts != before)
            {
                tries.Add(s);
            }
        }

        Assert.That(tries, Is.EqualTo(new[] { 2, 4, 8, 16, 32 }), "2 s, 4 s, 8 s, 16 s between tries, not every second");
        Assert.That(_link.BusErrors, Is.EqualTo(5));
        Assert.That(_link.State, Is.EqualTo(InverterLinkState.BusError));
        Assert.That(_link.LastError, Is.EqualTo("fake0: write failed: ENOBUFS (errno 105)"));
        Assert.That(_link.Message, Is.EqualTo("Inverter link (fake0): bus error ENOBUFS, retrying later."));

        _socket.Errno = 0;
        for (int s = 41; s <= 64; s++)
        {
            Second();
        }

        Assert.That(_link.State, Is.EqualTo(InverterLinkState.Sending));
        Assert.That(_link.LastError, Is.Null);
        _socket.Errno = Errno.ENOBUFS;
        int at = _socket.Attempts;
        Second();
        Second();
        Second();
        Assert.That(_socket.Attempts - at, Is.EqualTo(2), "after a success the wait starts again at 2 s");
    }

    [Test]
    public void A_network_down_error_closes_the_socket_and_an_open_error_names_the_device()
    {
        Second();
        _socket.Errno = Errno.ENETDOWN;
        Second();
        Assert.That(_socket.Closes, Is.EqualTo(1));
        Assert.That(_link.LastError, Is.EqualTo("fake0: write failed: ENETDOWN (errno 100)"));

        _socket.Errno = 0;
        _socket.OpenErrno = Errno.ENODEV;
        Second();
        Second();
        Assert.That(_link.LastError, Is.EqualTo("fake0: open failed: ENODEV (errno 19)"));
        Assert.That(_link.BusErrors, Is.EqualTo(2));
    }

    [Test]
    public void A_steady_second_allocates_nothing()
    {
        for (int i = 0; i < 3; i++)
        {
            Second();
        }

        _socket.Keep = false;
        long now = _time.GetTimestamp();
        InverterFramesTests.Controller(_decoder, now);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            _link.Tick(_state, now);
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
        Assert.That(_link.FramesSent, Is.EqualTo(618));
    }

    private sealed class FakeTransmitter : ICanTransmitter
    {
        public List<CanFrame> Sent { get; } = [];

        public bool Keep { get; set; } = true;

        public int Errno { get; set; }

        public int OpenErrno { get; set; }

        public int Attempts { get; private set; }

        public int Closes { get; private set; }

        private bool _open;

        public string InterfaceName => "fake0";

        public int TryOpen()
        {
            if (!_open && OpenErrno != 0)
            {
                Attempts++;
                return OpenErrno;
            }

            _open = true;
            return 0;
        }

        public int TrySend(in CanFrame frame)
        {
            Attempts++;
            if (Errno != 0)
            {
                return Errno;
            }

            if (Keep)
            {
                Sent.Add(frame);
            }

            return 0;
        }

        public void Close()
        {
            _open = false;
            Closes++;
        }
    }
}
