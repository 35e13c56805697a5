using FbDisplay.Core.Text;
using FbDisplay.Core.Display;
using FbDisplay.Ui.Drawing;
using FbDisplay.Ui.Input;
using FbDisplay.Ui.Settings;
using SkiaSharp;

namespace FbDisplay.Ui.Widgets;

/// <summary>Rows of Wi-Fi networks: name, security, signal bars, a tick on the one in use. Tap a row to pick it.</summary>
public sealed class WifiList : Widget
{
    private readonly SKFont _name = new(Fonts.Bold, Theme.TextSize) { Subpixel = true, Edging = SKFontEdging.Antialias };
    private readonly SKFont _small = new(Fonts.Regular, Theme.SmallTextSize) { Subpixel = true, Edging = SKFontEdging.Antialias };
    private readonly SKPaint _fill = new() { IsAntialias = true, Style = SKPaintStyle.Fill };
    private readonly SKPaint _text = new() { IsAntialias = true };
    private IReadOnlyList<WifiNetwork> _networks = [];
    private int _first;
    private int _pressed = -1;

    private readonly string _hidden;
    private readonly string _open;

    /// <summary>Creates a list showing <paramref name="rows"/> rows, its few words in <paramref name="language"/>.</summary>
    public WifiList(PixelRect bounds, int rows = 5, DisplayLanguage language = DisplayLanguage.English)
        : base(bounds)
    {
        Rows = rows;
        _hidden = Tx.WifiHidden[language];
        _open = Tx.WifiOpen[language];
    }

    /// <summary>Raised with the tapped network.</summary>
    public event EventHandler<WifiNetwork>? Picked;

    /// <summary>Rows visible at once.</summary>
    public int Rows { get; }

    /// <summary>Index of the network in the top row.</summary>
    public int First => _first;

    public IReadOnlyList<WifiNetwork> Networks => _networks;

    /// <summary>Shown when there are no networks ("Scanning…", "No networks found").</summary>
    public string EmptyText { get; set; } = "";

    /// <summary>Replaces the networks and scrolls to the top.</summary>
    public void SetNetworks(IReadOnlyList<WifiNetwork> networks)
    {
        _networks = networks ?? [];
        _first = 0;
        Invalidate();
    }

    /// <summary>Scrolls by whole rows.</summary>
    public void Scroll(int rows)
    {
        int first = Math.Clamp(_first + rows, 0, Math.Max(0, _networks.Count - Rows));
        if (first != _first)
        {
            _first = first;
            Invalidate();
        }
    }

    /// <summary>The screen area of visible row <paramref name="row"/>.</summary>
    public PixelRect RowRect(int row)
    {
        int h = Bounds.Height / Rows;
        return new PixelRect(Bounds.X, Bounds.Y + (row * h), Bounds.Width, h);
    }

    /// <inheritdoc/>
    public override bool OnGesture(in Gesture gesture)
    {
        int row = (gesture.StartY - Bounds.Y) / Math.Max(1, Bounds.Height / Rows);
        int index = _first + row;
        bool valid = row >= 0 && row < Rows && index < _networks.Count;
        switch (gesture.Kind)
        {
            case GestureKind.Down:
                SetPressed(valid ? row : -1);
                break;
            case GestureKind.Tap:
                SetPressed(-1);
                if (valid)
                {
                    Picked?.Invoke(this, _networks[index]);
                }

                break;
            default:
                if (gesture.EndsTouch || gesture.Kind == GestureKind.DragStart)
                {
                    SetPressed(-1);
                }

                break;
        }

        return true;
    }

    /// <inheritdoc/>
    public override void FindOverflows(ICollection<TextOverflow> into)
    {
        if (Visible && _networks.Count == 0)
        {
            CheckFits(into, EmptyText, _small.MeasureText(EmptyText), Bounds.Width - 16f);
        }
    }

    /// <inheritdoc/>
    public override void Draw(SKCanvas canvas, in PixelRect clip)
    {
        _fill.Color = Theme.Panel;
        canvas.DrawRoundRect(BoundsRect, Theme.CornerRadius, Theme.CornerRadius, _fill);
        if (_networks.Count == 0)
        {
            _text.Color = Theme.TextDim;
            float w = _small.MeasureText(EmptyText);
            canvas.DrawText(EmptyText, Bounds.X + ((Bounds.Width - w) / 2f), Bounds.Y + (Bounds.Height / 2f), SKTextAlign.Left, _small, _text);
            return;
        }

        for (int r = 0; r < Rows && _first + r < _networks.Count; r++)
        {
            WifiNetwork n = _networks[_first + r];
            PixelRect row = RowRect(r);
            var box = new SKRect(row.X + 3, row.Y + 3, row.Right - 3, row.Bottom - 3);
            _fill.Color = r == _pressed ? Theme.ButtonPressed : Theme.ButtonFace;
            canvas.DrawRoundRect(box, Theme.CornerRadius, Theme.CornerRadius, _fill);
            float mid = box.MidY;
            _text.Color = Theme.Text;
            float x = box.Left + 12f;
            if (n.InUse)
            {
                _text.Color = Theme.Charge;
                canvas.DrawText("✓", x, mid + 7f, SKTextAlign.Left, _name, _text);
                _text.Color = Theme.Text;
            }

            canvas.Save();
            canvas.ClipRect(new SKRect(box.Left, box.Top, box.Right - 130f, box.Bottom));
            canvas.DrawText(n.Ssid.Length == 0 ? _hidden : n.Ssid, x + 26f, mid + 7f, SKTextAlign.Left, _name, _text);
            canvas.Restore();
            _text.Color = Theme.TextDim;
            string security = n.IsOpen ? _open : n.Security.Contains("WPA3", StringComparison.Ordinal) ? "WPA3" : "WPA";
            canvas.DrawText(security, box.Right - 122f, mid + 5f, SKTextAlign.Left, _small, _text);
            DrawSignal(canvas, new SKRect(box.Right - 58f, mid - 14f, box.Right - 14f, mid + 14f), n.SignalPercent);
        }
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _name.Dispose();
            _small.Dispose();
            _fill.Dispose();
            _text.Dispose();
        }
    }

    private void DrawSignal(SKCanvas canvas, SKRect box, int percent)
    {
        int lit = percent >= 75 ? 4 : percent >= 50 ? 3 : percent >= 25 ? 2 : percent > 0 ? 1 : 0;
        float w = (box.Width - 9f) / 4f;
        for (int i = 0; i < 4; i++)
        {
            float h = box.Height * (i + 1) / 4f;
            _fill.Color = i < lit ? (lit <= 1 ? Theme.Amber : Theme.Text) : Theme.PanelBorder;
            canvas.DrawRect(box.Left + (i * (w + 3f)), box.Bottom - h, w, h, _fill);
        }
    }

    private void SetPressed(int row)
    {
        if (row == _pressed)
        {
            return;
        }

        if (_pressed >= 0)
        {
            Invalidate(RowRect(_pressed));
        }

        _pressed = row;
        if (row >= 0)
        {
            Invalidate(RowRect(row));
        }
    }
}
