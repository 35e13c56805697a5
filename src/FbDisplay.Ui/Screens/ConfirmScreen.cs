using FbDisplay.Core.Display;
using FbDisplay.Core.Text;
using FbDisplay.Ui.Drawing;
using FbDisplay.Ui.Widgets;
using SkiaSharp;

namespace FbDisplay.Ui.Screens;

/// <summary>A question with CANCEL and an action button ("Erase the log?" / ERASE). Returns where it was opened from.</summary>
public sealed class ConfirmScreen : Screen
{
    /// <inheritdoc/>
    public override bool AcceptsTopLayer => false;

    private readonly DisplayContext _ctx;
    private Action? _onConfirm;
    private ScreenId _returnTo = ScreenId.Main;

    public ConfirmScreen(DisplayContext context, int width = 800, int height = 480)
        : base(width, height)
    {
        _ctx = context;
        Add(new TextBlock(new PixelRect(120, 100, 560, 280), "") { ShowPanel = true });
        Title = Add(new Label(new PixelRect(150, 120, 500, 44), "", Theme.LargeTextSize, bold: true, align: TextAlign.Center));
        Message = Add(new TextBlock(new PixelRect(150, 174, 500, 100), "", Theme.TextSize + 1f) { Align = TextAlign.Center, Color = Theme.TextDim });
        Cancel = Add(new Button(new PixelRect(150, 288, 236, 68), context.T(Tx.Cancel), size: Theme.TextSize + 2f));
        Cancel.Clicked += (_, _) => _ctx.Navigate(_returnTo);
        Action = Add(new Button(new PixelRect(414, 288, 236, 68), context.T(Tx.Ok), size: Theme.TextSize + 2f));
        Action.Clicked += (_, _) =>
        {
            Action? run = _onConfirm;
            _onConfirm = null;
            _ctx.Navigate(_returnTo);
            run?.Invoke();
        };
    }

    public Label Title { get; }

    public TextBlock Message { get; }

    public Button Cancel { get; }

    public Button Action { get; }

    /// <summary>Asks; <paramref name="onConfirm"/> runs after returning to <paramref name="returnTo"/>.</summary>
    public void Open(string title, string message, string actionText, Action onConfirm, ScreenId returnTo, bool danger = false)
    {
        Title.SetText(title);
        Message.Text = message;
        Action.SetText(actionText);
        Action.Foreground = danger ? Theme.Discharge : Theme.Charge;
        _onConfirm = onConfirm;
        _returnTo = returnTo;
        _ctx.Navigate(ScreenId.Confirm);
    }
}
