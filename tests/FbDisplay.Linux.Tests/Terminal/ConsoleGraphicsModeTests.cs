using FbDisplay.Linux.Terminal;
using FbDisplay.TestSupport;

namespace FbDisplay.Linux.Tests.Terminal;

public sealed class ConsoleGraphicsModeTests
{
    [Test]
    public void A_missing_tty_leaves_text_mode_and_says_why()
    {
        using var temp = new TempDirectory("tty");
        string path = temp.File("tty0");

        using var mode = ConsoleGraphicsMode.Enter(path);

        Assert.That(mode.IsActive, Is.False);
        Assert.That(mode.Message, Does.Contain(path + ": open failed").And.Contain("(errno 2)"));
    }

    [Test]
    public void A_file_that_is_no_terminal_leaves_text_mode_and_says_why()
    {
        using var temp = new TempDirectory("tty");
        string path = temp.File("not-a-tty");
        File.WriteAllText(path, "");

        using var mode = ConsoleGraphicsMode.Enter(path);

        Assert.That(mode.IsActive, Is.False);
        Assert.That(mode.Message, Does.Contain(path + ": KDSETMODE KD_GRAPHICS failed").And.Contain("(errno 25)"));
        Assert.That(File.ReadAllText(path), Is.Empty, "nothing is written to something that is not a console");
    }

    [Test]
    public void Dispose_twice_is_harmless()
    {
        var mode = ConsoleGraphicsMode.Enter("/nonexistent/tty0");

        Assert.DoesNotThrow(() =>
        {
            mode.Dispose();
            mode.Dispose();
        });
    }
}
