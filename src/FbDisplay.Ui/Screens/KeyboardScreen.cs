using System.Text;
using FbDisplay.Core.Display;
using FbDisplay.Core.Text;
using FbDisplay.Ui.Drawing;
using FbDisplay.Ui.Widgets;
using SkiaSharp;

namespace FbDisplay.Ui.Screens;

/// <summary>What the keyboard edits and what happens on OK.</summary>
/// <param name="Label">The field's name, shown above the text ("BROKER URL").</param>
/// <param name="Text">The text to start from.</param>
/// <param name="Accept">Called with the final text on OK (after <paramref name="Validate"/> passed).</param>
/// <param name="Masked">Show dots instead of the characters (passwords); SHOW reveals them.</param>
/// <param name="Digits">Open on the digits page (ports, addresses).</param>
/// <param name="MaxLength">Longest text accepted.</param>
/// <param name="Validate">Returns why a text cannot be accepted, or null if it can.</param>
public sealed record KeyboardRequest(
    string Label,
    string Text,
    Action<string> Accept,
    bool Masked = false,
    bool Digits = false,
    int MaxLength = 64,
    Func<string, string?>? Validate = null);

/// <summary>
/// The on-screen keyboard, full screen over the settings: the field's name, its text with a caret, CANCEL and OK, and
/// four rows of finger-sized keys (letters with shift; digits and symbols; space; backspace).
/// </summary>
public sealed class KeyboardScreen : Screen
{
    /// <inheritdoc/>
    public override bool AcceptsTopLayer => false;

    private readonly DisplayContext _ctx;
    private readonly StringBuilder _text = new();
    private KeyboardRequest? _request;
    private ScreenId _returnTo = ScreenId.Main;
    private bool _reveal;

    public KeyboardScreen(DisplayContext context, int width = 800, int height = 480)
        : base(width, height)
    {
        _ctx = context;
        FieldLabel = Add(new Label(new PixelRect(16, 6, 400, 32), "", Theme.TextSize, bold: true) { Color = Theme.TextDim });
        Problem = Add(new Label(new PixelRect(380, 6, 404, 32), "", Theme.SmallTextSize + 1f, bold: true, align: TextAlign.Right) { Color = Theme.Amber });
        Box = Add(new EditBox(new PixelRect(16, 42, 476, 80)));
        Reveal = Add(new Button(new PixelRect(500, 42, 76, 80), context.T(Tx.KeyboardShow), size: Theme.SmallTextSize + 1f));
        Reveal.Clicked += (_, _) =>
        {
            _reveal = !_reveal;
            Reveal.SetText(_ctx.T(_reveal ? Tx.KeyboardHide : Tx.KeyboardShow));
            Refresh();
        };
        Cancel = Add(new Button(new PixelRect(584, 42, 96, 80), context.T(Tx.Cancel), size: Theme.SmallTextSize + 2f));
        Cancel.Clicked += (_, _) => Close();
        Ok = Add(new Button(new PixelRect(688, 42, 96, 80), context.T(Tx.Ok), IconKind.Check, Theme.TextSize + 2f) { Foreground = Theme.Charge });
        Ok.Clicked += (_, _) => Accept();
        Pad = Add(new KeyboardPad(new PixelRect(6, 134, 788, 340), context.T(Tx.KeyboardSpace)));
        Pad.KeyPressed += (_, key) => Type(key);
    }

    public Label FieldLabel { get; }

    public Label Problem { get; }

    internal EditBox Box { get; }

    public Button Reveal { get; }

    public Button Cancel { get; }

    public Button Ok { get; }

    public KeyboardPad Pad { get; }

    /// <summary>The text being edited.</summary>
    public string Text => _text.ToString();

    /// <summary>Where OK and CANCEL return to.</summary>
    public ScreenId ReturnTo => _returnTo;

    /// <summary>Starts editing and shows the keyboard.</summary>
    public void Open(KeyboardRequest request, ScreenId returnTo)
    {
        ArgumentNullException.ThrowIfNull(request);
        _request = request;
        _returnTo = returnTo;
        _text.Clear().Append(request.Text);
        _reveal = false;
        Reveal.SetText(_ctx.T(Tx.KeyboardShow));
        Reveal.Visible = request.Masked;
        Box.Bounds = new PixelRect(16, 42, request.Masked ? 476 : 560, 80);
        FieldLabel.SetText(request.Label);
        Problem.SetText("");
        Pad.Page = request.Digits ? 1 : 0;
        Pad.Shift = false;
        Refresh();
        _ctx.Navigate(ScreenId.Keyboard);
    }

    private void Type(KeyDef key)
    {
        switch (key.Kind)
        {
            case KeyKind.Backspace:
                if (_text.Length > 0)
                {
                    _text.Length--;
                }

                break;
            case KeyKind.Character or KeyKind.Space:
                if (_text.Length < (_request?.MaxLength ?? 64))
                {
                    _text.Append(key.Char);
                }

                break;
        }

        Problem.SetText("");
        Refresh();
    }

    private void Refresh() => Box.SetText(_text.ToString(), _request is { Masked: true } && !_reveal);

    private void Accept()
    {
        KeyboardRequest? r = _request;
        if (r is null)
        {
            Close();
            return;
        }

        string text = _text.ToString();
        string? problem = r.Validate?.Invoke(text);
        if (problem is not null)
        {
            Problem.SetText(problem);
            return;
        }

        _request = null;
        _ctx.Navigate(_returnTo);
        r.Accept(text);
    }

    private void Close()
    {
        _request = null;
        _ctx.Navigate(_returnTo);
    }
}

/// <summary>The keyboard's text box: large text, a caret at the end, the tail shown when the text is too long.</summary>
internal sealed class EditBox : Widget
{
    private readonly TextRun _run = new(Fonts.Regular, 30f, 64);
    private readonly SKPaint _fill = new() { IsAntialias = true, Style = SKPaintStyle.Fill };
    private readonly SKPaint _border = new() { IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = 2f };
    private readonly SKPaint _text = new() { IsAntialias = true };

    public EditBox(PixelRect bounds)
        : base(bounds)
    {
    }

    public string Shown => _run.Text.ToString();

    public void SetText(string text, bool masked)
    {
        bool changed;
        if (masked)
        {
            Span<char> dots = stackalloc char[Math.Min(text.Length, 128)];
            dots.Fill('•');
            changed = _run.Set(dots);
        }
        else
        {
            changed = _run.Set(text);
        }

        if (changed)
        {
            Invalidate();
        }
    }

    public override void Draw(SKCanvas canvas, in PixelRect clip)
    {
        SKRect box = BoundsRect;
        box.Inflate(-1f, -1f);
        _fill.Color = Theme.Panel;
        canvas.DrawRoundRect(box, Theme.CornerRadius, Theme.CornerRadius, _fill);
        _border.Color = Theme.Accent;
        canvas.DrawRoundRect(box, Theme.CornerRadius, Theme.CornerRadius, _border);
        var inner = new SKRect(box.Left + 14f, box.Top, box.Right - 18f, box.Bottom);
        float w = _run.Width;
        float x = w > inner.Width ? inner.Right - w : inner.Left;
        canvas.Save();
        canvas.ClipRect(new SKRect(inner.Left, box.Top, inner.Right + 6f, box.Bottom));
        _text.Color = Theme.Text;
        _run.Draw(canvas, MathF.Round(x), MathF.Round(box.MidY + (_run.CapHeight / 2f)), _text);
        canvas.Restore();

        // The caret: text is only ever added or removed at the end.
        float cx = MathF.Round(MathF.Min(inner.Right + 2f, x + w + 3f)) + 0.5f;
        _fill.Color = Theme.Accent;
        canvas.DrawRect(cx, box.MidY - 20f, 3f, 40f, _fill);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _run.Dispose();
            _fill.Dispose();
            _border.Dispose();
            _text.Dispose();
        }
    }
}
