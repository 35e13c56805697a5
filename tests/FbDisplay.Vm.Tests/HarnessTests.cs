using System.Text;
using FbDisplay.Vm.Tests.Harness;

namespace FbDisplay.Vm.Tests;

/// <summary>The harness's pure parts, without a VM.</summary>
[TestFixture]
public sealed class HarnessTests
{
    [TestCase(0, 800, 0)]
    [TestCase(799, 800, 32767)]
    [TestCase(400, 800, 16404)]
    [TestCase(479, 480, 32767)]
    public void Pixels_map_to_the_tablet_axis_end_to_end(int pixel, int size, int expected) =>
        Assert.That(QmpClient.ToAbsolute(pixel, size), Is.EqualTo(expected));

    [Test]
    public void A_pixel_outside_the_screen_is_rejected() =>
        Assert.That(() => QmpClient.ToAbsolute(800, 800), Throws.InstanceOf<ArgumentOutOfRangeException>());

    [Test]
    public void A_ppm_with_a_comment_parses_to_rgb_pixels()
    {
        var header = Encoding.ASCII.GetBytes("P6\n# made by hand\n2 1\n255\n");
        byte[] pixels = [1, 2, 3, 250, 251, 252];
        var image = PpmImage.Parse([.. header, .. pixels]);

        Assert.Multiple(() =>
        {
            Assert.That((image.Width, image.Height), Is.EqualTo((2, 1)));
            Assert.That(image[0, 0], Is.EqualTo(new Rgb(1, 2, 3)));
            Assert.That(image[1, 0], Is.EqualTo(new Rgb(250, 251, 252)));
        });
    }

    [Test]
    public void A_truncated_ppm_is_an_error() =>
        Assert.That(() => PpmImage.Parse(Encoding.ASCII.GetBytes("P6 2 2 255\n\x01\x02")), Throws.InstanceOf<InvalidDataException>());

    [Test]
    public void Input_events_decode_type_code_and_value_after_the_timestamp()
    {
        // struct input_event on x86-64: 16 bytes timeval, u16 type, u16 code, s32 value.
        var bytes = new byte[48];
        bytes[16] = 3; // EV_ABS
        bytes[18] = 1; // ABS_Y
        BitConverter.TryWriteBytes(bytes.AsSpan(20), 8209);
        bytes[24 + 16] = 1; // EV_KEY
        BitConverter.TryWriteBytes(bytes.AsSpan(24 + 18), (ushort)0x110);
        bytes[24 + 20] = 1;

        Assert.That(InputEvent.ParseAll(bytes), Is.EqualTo(new[]
        {
            new InputEvent(InputEvent.EvAbs, InputEvent.AbsY, 8209),
            new InputEvent(InputEvent.EvKey, InputEvent.BtnLeft, 1),
        }));
    }
}
