using System.Net;
using FbDisplay.Core.Text;
using FbDisplay.Ui.Screens;
using Microsoft.Extensions.Logging;

namespace FbDisplay.App;

/// <summary>
/// What the LAN does that the owner must see on the message line and in the journal: the controller moving to another
/// source (SAVE now goes there) and another local socket on the UDP port. Also the address SAVE uses when
/// Controller:Address is not set: the tracked controller, never just the last datagram's source.
/// </summary>
public sealed class LanNotices
{
    private readonly TickLoop _loop;
    private readonly FrameSources _sources;
    private readonly Func<DisplayContext?> _context;
    private readonly ILogger _log;
    private Say? _sharing;
    private string? _shownSharing;

    public LanNotices(TickLoop loop, FrameSources sources, Func<DisplayContext?> context, ILogger log)
    {
        _loop = loop;
        _sources = sources;
        _context = context;
        _log = log;
        loop.ControllerChanged = OnControllerChanged;
    }

    /// <summary>The learned controller for the controller link (any thread), null while none is known.</summary>
    public IPAddress? LearnedController() => _loop.ControllerAddress is 0 ? null : new IPAddress(_loop.ControllerAddress);

    /// <summary>UI thread, once a second: the shared-port warning is shown while it lasts.</summary>
    public void AfterSecond(DisplayContext context)
    {
        Say? sharing = _sources.SharingWarning;
        if (ReferenceEquals(sharing, _sharing))
        {
            return;
        }

        // A later message (a controller change) is left alone when the sharing ends.
        string? line = sharing?.In(context.Language);
        if (line is not null || context.StatusMessage == _shownSharing)
        {
            context.StatusMessage = line ?? "";
        }

        _sharing = sharing;
        _shownSharing = line;
    }

    /// <summary>UI thread: SAVE now goes elsewhere.</summary>
    private void OnControllerChanged(uint previous, uint current)
    {
        string now = new IPAddress(current).ToString();
        _log.LogWarning("Controller is now {Address} (was {Previous}).", now, new IPAddress(previous));
        if (_context() is { } c)
        {
            c.StatusMessage = Say.Of(Tx.NoticeControllerMoved, now).In(c.Language);
        }
    }
}
