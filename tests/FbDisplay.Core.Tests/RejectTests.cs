using CsCheck;
using FbDisplay.Core.Battery;
using FbDisplay.Core.Can;

namespace FbDisplay.Core.Tests;

public class RejectTests
{
    private static byte[] Datagram(CanFrame frame)
    {
        var d = new byte[24];
        EvtvUdpCodec.Write(frame, d);
        return d;
    }

    [TestCase(0)]
    [TestCase(23)]
    [TestCase(25)]
    [TestCase(1500)]
    public void A_datagram_that_is_not_24_bytes_is_rejected(int length) =>
        Assert.That(EvtvUdpCodec.TryParse(new byte[length], out _), Is.EqualTo(FrameRejectReason.WrongDatagramLength));

    [Test]
    public void A_length_byte_over_8_is_rejected()
    {
        byte[] d = Datagram(BatteryFrameEncoder.Soc(50));
        d[23] = 9;
        Assert.That(EvtvUdpCodec.TryParse(d, out _), Is.EqualTo(FrameRejectReason.DataLengthOver8));
    }

    [Test]
    public void An_extended_id_is_rejected()
    {
        byte[] d = Datagram(BatteryFrameEncoder.Soc(50));
        d[22] = 1;
        Assert.That(EvtvUdpCodec.TryParse(d, out _), Is.EqualTo(FrameRejectReason.ExtendedId));
        byte[] wide = Datagram(BatteryFrameEncoder.Soc(50));
        wide[10] = 1; // id 0x10650: more than 11 bits without the flag
        Assert.That(EvtvUdpCodec.TryParse(wide, out _), Is.EqualTo(FrameRejectReason.ExtendedId));
    }

    [Test]
    public void The_udp_codec_round_trips_every_field_the_display_reads()
    {
        CanFrame original = BatteryFrameEncoder.Pack(-34, 41.1f, -1415.7f, 36, 30);
        Assert.That(EvtvUdpCodec.TryParse(Datagram(original), out CanFrame parsed), Is.EqualTo(FrameRejectReason.None));
        Assert.That((parsed.Id, parsed.Length), Is.EqualTo((original.Id, original.Length)));
        Assert.That(parsed.Payload.ToArray(), Is.EqualTo(original.Payload.ToArray()));
    }

    [Test]
    public void The_udp_layout_matches_the_manual_byte_by_byte()
    {
        byte[] d = Datagram(BatteryFrameEncoder.Soc(77.75f));
        Assert.That(d, Is.EqualTo(new byte[]
        {
            155, 0, 0, 0, 0, 0, 0, 0, // data
            0x50, 0x06, 0, 0,         // id 0x650 little-endian
            0, 0, 0, 0,               // family id
            0, 0, 0, 0,               // timestamp
            0, 0, 0,                  // rtr, priority, extended
            1,                        // length
        }));
    }

    [Test]
    public void The_socketcan_codec_round_trips_and_rejects_error_and_extended_frames()
    {
        var raw = new byte[16];
        CanFrame original = BatteryFrameEncoder.Cells(3, 4, [3.1f, 3.2f, 3.3f, 3.4f, 3.5f, 3.6f]);
        LinuxCanFrameCodec.Write(original, raw);
        Assert.That(LinuxCanFrameCodec.TryParse(raw, out CanFrame parsed), Is.EqualTo(FrameRejectReason.None));
        Assert.That(parsed.Payload.ToArray(), Is.EqualTo(original.Payload.ToArray()));
        Assert.That(parsed.Id, Is.EqualTo(0x68F));

        raw[3] |= 0x20;
        Assert.That(LinuxCanFrameCodec.TryParse(raw, out _), Is.EqualTo(FrameRejectReason.ErrorFrame));
        raw[3] = 0x80;
        Assert.That(LinuxCanFrameCodec.TryParse(raw, out _), Is.EqualTo(FrameRejectReason.ExtendedId));
    }

    [TestCase(0, 0, FrameRejectReason.ModuleCountOutOfRange)]
    [TestCase(0, 41, FrameRejectReason.ModuleCountOutOfRange)]
    [TestCase(4, 4, FrameRejectReason.SequenceOutOfRange)]
    [TestCase(200, 4, FrameRejectReason.SequenceOutOfRange)]
    [TestCase(39, 40, FrameRejectReason.None)]
    public void Cell_frames_are_checked_for_sequence_and_module_count(int seq, int count, FrameRejectReason expected)
    {
        var counters = new FrameCounters();
        var state = new BatteryState();
        var decoder = new BatteryDecoder(state, counters);
        Assert.That(decoder.Apply(BatteryFrameEncoder.Cells(seq, count, [3, 3, 3, 3, 3, 3]), 1), Is.EqualTo(expected));
        Assert.That(counters.Rejected(expected) + counters.Accepted, Is.EqualTo(1));
        if (expected != FrameRejectReason.None)
        {
            Assert.That(state.HasAnyData, Is.False, "a rejected frame is never half applied");
        }
    }

    private static CanFrame Raw(uint id, params byte[] data) => CanFrame.Create(id, data);

    private static IEnumerable<TestCaseData> ImpossibleFrames()
    {
        // SOC x2: 201 is 100.5 %.
        yield return new TestCaseData(Raw(0x650, 201), FrameRejectReason.SocOutOfRange).SetName("SOC 100.5 %");
        yield return new TestCaseData(Raw(0x650, 222), FrameRejectReason.SocOutOfRange).SetName("SOC 111 %");
        // Pack volts x10: 10001 is 1000.1 V; 49890 is the fuzzer's 4989 V.
        yield return new TestCaseData(Raw(0x150, 0, 0, 0x11, 0x27, 0, 0, 20, 20), FrameRejectReason.PackVoltageOutOfRange).SetName("pack 1000.1 V");
        yield return new TestCaseData(Raw(0x150, 0, 0, 0xE2, 0xC2, 0, 0, 20, 20), FrameRejectReason.PackVoltageOutOfRange).SetName("pack 4989 V");
        yield return new TestCaseData(Raw(0x150, 0, 0, 0xE0, 0x01, 0, 0, 151, 20), FrameRejectReason.TemperatureOutOfRange).SetName("max temperature 151 C");
        yield return new TestCaseData(Raw(0x150, 0, 0, 0xE0, 0x01, 0, 0, 20, 255), FrameRejectReason.TemperatureOutOfRange).SetName("min temperature 255 C");
        // Cell millivolts: 5001 = 0x1389.
        yield return new TestCaseData(Raw(0x651, 0x89, 0x13, 0x00, 0x0D, 0x00, 0x0D), FrameRejectReason.CellVoltageOutOfRange).SetName("lowest cell 5.001 V");
        yield return new TestCaseData(Raw(0x651, 0x00, 0x0D, 0x89, 0x13, 0x00, 0x0D), FrameRejectReason.CellVoltageOutOfRange).SetName("highest cell 5.001 V");
        yield return new TestCaseData(Raw(0x651, 0x00, 0x0D, 0x00, 0x0D, 0xFF, 0xFF), FrameRejectReason.CellVoltageOutOfRange).SetName("average cell 65.535 V");
        // Cutoffs x10: 51 is 5.1 V.
        yield return new TestCaseData(Raw(0x652, 0, 0, 0, 0, 51, 0, 32, 0), FrameRejectReason.CellVoltageOutOfRange).SetName("high cutoff 5.1 V");
        yield return new TestCaseData(Raw(0x652, 0, 0, 0, 0, 42, 0, 0xFF, 0xFF), FrameRejectReason.CellVoltageOutOfRange).SetName("low cutoff 6553.5 V");
    }

    [TestCaseSource(nameof(ImpossibleFrames))]
    public void A_physically_impossible_value_rejects_the_whole_frame_and_is_counted_by_reason(CanFrame frame, FrameRejectReason reason)
    {
        var counters = new FrameCounters();
        var state = new BatteryState();
        var decoder = new BatteryDecoder(state, counters);
        Assert.That(decoder.Apply(frame, 1), Is.EqualTo(reason));
        Assert.That(counters.Rejected(reason), Is.EqualTo(1));
        Assert.That(counters.Accepted, Is.Zero);
        Assert.That(state.HasAnyData, Is.False, "nothing of the frame reaches the model (so no screen, log or alarm sees it)");
        Assert.That((state.SocPercent, state.PackVolts, state.MaxTemperatureC, state.HighCellMillivolts, state.HighCutoffVolts), Is.EqualTo((0f, 0f, 0, 0, 0f)));
    }

    [Test]
    public void Values_at_the_documented_bounds_are_accepted()
    {
        var counters = new FrameCounters();
        var decoder = new BatteryDecoder(new BatteryState(), counters);
        Assert.That(decoder.Apply(Raw(0x650, 200), 1), Is.EqualTo(FrameRejectReason.None), "100 %");
        Assert.That(decoder.Apply(Raw(0x150, 0, 0, 0x10, 0x27, 0, 0, 150, 0), 1), Is.EqualTo(FrameRejectReason.None), "1000.0 V, 150 C, 0 C");
        Assert.That(decoder.Apply(Raw(0x651, 0, 0, 0x88, 0x13, 0x88, 0x13), 1), Is.EqualTo(FrameRejectReason.None), "cells 0 and 5.000 V");
        Assert.That(decoder.Apply(Raw(0x652, 0, 0, 0, 0, 50, 0, 0, 0), 1), Is.EqualTo(FrameRejectReason.None), "cutoffs 5.0 V and 0 V");
        Assert.That(decoder.Apply(BatteryFrameEncoder.Cells(0, 1, [4.55f, 2, 2, 2, 2, 2]), 1), Is.EqualTo(FrameRejectReason.None), "0x68F cannot leave 2.00-4.55 V");
        Assert.That(counters.Accepted, Is.EqualTo(5));
        Assert.That(decoder.State.SocPercent, Is.EqualTo(100f));
        Assert.That(decoder.State.PackVolts, Is.EqualTo(1000f));
    }

    [Test]
    public void Unknown_ids_and_short_payloads_are_counted_per_reason()
    {
        var counters = new FrameCounters();
        var decoder = new BatteryDecoder(new BatteryState(), counters);
        decoder.Apply(CanFrame.Create(0x123, [1, 2, 3]), 1);
        decoder.Apply(CanFrame.Create(0x150, [1, 2, 3]), 1);
        decoder.Apply(CanFrame.Create(0x650, []), 1);
        Assert.Multiple(() =>
        {
            Assert.That(counters.Rejected(FrameRejectReason.UnknownId), Is.EqualTo(1));
            Assert.That(counters.Rejected(FrameRejectReason.PayloadTooShort), Is.EqualTo(2));
            Assert.That(counters.RejectedTotal, Is.EqualTo(3));
            Assert.That(counters.Accepted, Is.Zero);
        });
    }

    [Test]
    public void Random_datagrams_never_throw_and_leave_the_model_valid()
    {
        Gen.Byte.Array[0, 40].Select(bytes =>
        {
            // Bias half the cases toward well-formed 24-byte datagrams with known ids to reach the decoders.
            if (bytes.Length >= 24 && bytes[0] % 2 == 0)
            {
                uint[] ids = [0x150, 0x151, 0x650, 0x651, 0x652, 0x68F, 0x654, 0x683, 0x7FF];
                Array.Resize(ref bytes, 24);
                BitConverter.TryWriteBytes(bytes.AsSpan(8), ids[bytes[1] % ids.Length]);
                bytes[20] = 0;
                bytes[22] = 0;
                bytes[23] = (byte)(bytes[23] % 10);
            }

            return bytes;
        }).Sample(bytes =>
        {
            var counters = new FrameCounters();
            var state = new BatteryState();
            var decoder = new BatteryDecoder(state, counters);
            FrameRejectReason r = EvtvUdpCodec.TryParse(bytes, out CanFrame frame);
            if (r == FrameRejectReason.None)
            {
                r = decoder.Apply(frame, 1);
            }
            else
            {
                counters.CountRejected(r);
            }

            Assert.That(counters.Accepted + counters.RejectedTotal, Is.EqualTo(1));
            Assert.That(state.CellCount, Is.InRange(0, BatteryState.MaxCells));
            Assert.That(state.CellMillivolts.ToArray(), Has.All.InRange(0, 2000 + 2550));
            Assert.That(state.SocPercent, Is.InRange(0f, 100f));
            Assert.That(state.PackVolts, Is.InRange(0f, 1000f));
            Assert.That(state.MaxTemperatureC, Is.InRange(0, 150));
            Assert.That(state.MinTemperatureC, Is.InRange(0, 150));
            Assert.That(new[] { state.LowCellMillivolts, state.HighCellMillivolts, state.AverageCellMillivolts }, Has.All.InRange(0, 5000));
            Assert.That(new[] { state.HighCutoffVolts, state.LowCutoffVolts }, Has.All.InRange(0f, 5f));
        }, iter: 20_000);
    }
}
