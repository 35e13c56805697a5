using BenchmarkDotNet.Attributes;
using FbDisplay.Core.Battery;
using FbDisplay.Core.Can;

namespace FbDisplay.Benchmarks;

/// <summary>
/// Datagram parse + decode into the model, per frame. Budget (issue 3): at least 5 million frames per second on one
/// core of the development machine, 0 bytes allocated per frame.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class DecodeBenchmarks
{
    private const int Batch = 1024;
    private readonly byte[] _datagrams = new byte[Batch * EvtvUdpCodec.DatagramLength];
    private BatteryDecoder _decoder = null!;

    [GlobalSetup]
    public void Setup()
    {
        _decoder = new BatteryDecoder(new BatteryState(), new FrameCounters());
        var frames = new List<CanFrame>();
        var sim = new[]
        {
            BatteryFrameEncoder.Pack(-34, 41.1f, -1415.7f, 36, 30),
            BatteryFrameEncoder.Soc(11.5f),
            BatteryFrameEncoder.CellSummary(3.214f, 3.274f, 3.262f),
            BatteryFrameEncoder.Cutoffs(4.2f, 3.25f),
        };
        frames.AddRange(sim);
        for (int m = 0; m < 16; m++)
        {
            frames.Add(BatteryFrameEncoder.Cells(m, 16, [3.3f, 3.31f, 3.32f, 3.33f, 3.34f, 3.35f]));
        }

        for (int i = 0; i < Batch; i++)
        {
            EvtvUdpCodec.Write(frames[i % frames.Count], _datagrams.AsSpan(i * EvtvUdpCodec.DatagramLength, EvtvUdpCodec.DatagramLength));
        }
    }

    /// <summary>One operation = one datagram parsed and applied.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public int ParseAndDecode()
    {
        int ok = 0;
        ReadOnlySpan<byte> all = _datagrams;
        for (int i = 0; i < Batch; i++)
        {
            if (EvtvUdpCodec.TryParse(all.Slice(i * EvtvUdpCodec.DatagramLength, EvtvUdpCodec.DatagramLength), out CanFrame frame) == FrameRejectReason.None
                && _decoder.Apply(frame, i + 1) == FrameRejectReason.None)
            {
                ok++;
            }
        }

        return ok;
    }
}
