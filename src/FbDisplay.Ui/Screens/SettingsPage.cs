using System.Globalization;
using FbDisplay.Core.Display;
using FbDisplay.Core.Text;
using FbDisplay.Settings;
using FbDisplay.Ui.Drawing;
using FbDisplay.Ui.Settings;
using FbDisplay.Ui.Widgets;

namespace FbDisplay.Ui.Screens;

/// <summary>
/// A settings page: X (leave), the title and page number, SAVE, and the left/right arrows; a toast for results at the
/// bottom. Controls are bound to keys of the session's draft: editing changes the draft only, SAVE applies it.
/// </summary>
public abstract class SettingsPage : Screen
{
    private readonly List<Binding> _bindings = [];
    private int _draftVersion = -1;
    private int _messageVersion;

    protected SettingsPage(SettingsSession session, ScreenId id, Text title, int width, int height)
        : base(width, height)
    {
        Session = session;
        Id = id;
        int index = Array.IndexOf(SettingsSession.Pages, id);
        Close = Add(new Button(new PixelRect(6, 6, 64, 56), icon: IconKind.Close));
        Close.Clicked += (_, _) => Session.Leave(Id);
        Title = Add(new Label(new PixelRect(84, 6, 380, 32), session.Context.T(title), Theme.TextSize + 4f, bold: true));
        PageNumber = Add(new Label(
            new PixelRect(84, 38, 380, 22),
            string.Format(CultureInfo.InvariantCulture, Tx.SettingsPageOf.Format(session.Context.Language), index + 1, SettingsSession.Pages.Length),
            Theme.SmallTextSize - 1f,
            bold: true) { Color = Theme.TextDim });
        Save = Add(new Button(new PixelRect(470, 6, 150, 56), session.Context.T(Tx.Save), IconKind.Check, Theme.TextSize + 2f));
        Save.Clicked += (_, _) => Session.Save();
        Previous = Add(new Button(new PixelRect(628, 6, 80, 56), icon: IconKind.ArrowLeft));
        Previous.Clicked += (_, _) => Session.Turn(Id, -1);
        Next = Add(new Button(new PixelRect(714, 6, 80, 56), icon: IconKind.ArrowRight));
        Next.Clicked += (_, _) => Session.Turn(Id, +1);
    }

    public SettingsSession Session { get; }

    public ScreenId Id { get; }

    public Button Close { get; }

    public Label Title { get; }

    public Label PageNumber { get; }

    public Button Save { get; }

    public Button Previous { get; }

    public Button Next { get; }

    /// <summary>Result messages (added last, so it lies over everything).</summary>
    public Toast Toast { get; private set; } = null!;

    protected DisplayContext Context => Session.Context;

    protected SettingsDraft Draft => Session.Draft;

    private static readonly PixelRect ToastBounds = new(16, 426, 768, 48);
    private static readonly PixelRect ToastAboveBanner = new(16, 426 - AlarmBanner.StripHeight - 4, 768, 48);

    /// <summary>Call at the end of the subclass constructor: the toast goes on top.</summary>
    protected void Finish()
    {
        Toast = Add(new Toast(ToastBounds, Context.Time));
    }

    /// <summary>The value in force for <paramref name="key"/>: the backend's, else <paramref name="fallback"/>.</summary>
    protected virtual string Current(string key, string fallback) => Session.Backend.Get(key) ?? fallback;

    /// <inheritdoc/>
    protected override void OnShown()
    {
        Session.CurrentPage = Id;
        foreach (Binding b in _bindings)
        {
            Draft.SetBaseline(b.Key, Current(b.Key, b.Fallback));
        }

        _draftVersion = -1;

        // A message that arrived while another page (or the keyboard) was shown is still news here, for a while.
        _messageVersion = Session.MessageVersion;
        if (Session.Message.Length > 0 && Context.Time.GetElapsedTime(Session.MessageTimestamp) < Toast.Duration)
        {
            Toast.Show(Session.Message, Session.MessageKind);
        }
        else
        {
            Toast.Hide();
        }
    }

    /// <inheritdoc/>
    protected override void OnUpdate(long timestamp)
    {
        // Results stay readable over the alarm banner: the toast rises above it while an alarm is raised.
        Toast.Bounds = Context.Alarms is { } alarms && alarms.Raised != Core.Alarms.AlarmSet.None ? ToastAboveBanner : ToastBounds;
        Session.Poll();
        if (Session.MessageVersion != _messageVersion)
        {
            _messageVersion = Session.MessageVersion;
            if (Session.Message.Length > 0)
            {
                Toast.Show(Session.Message, Session.MessageKind);
            }
        }

        if (Draft.Version != _draftVersion)
        {
            _draftVersion = Draft.Version;
            foreach (Binding b in _bindings)
            {
                b.Refresh(Draft.Get(b.Key), Draft.IsChanged(b.Key));
            }

            Save.Foreground = Draft.HasChanges ? Theme.Amber : Theme.Text;
            Save.SetText(T(Draft.HasChanges ? Tx.SaveChanged : Tx.Save));
            OnDraftChanged();
        }

        OnPageUpdate(timestamp);
    }

    /// <summary>Re-reads every bound control from the draft on the next tick (after baselines changed).</summary>
    protected void RefreshBindings() => _draftVersion = -1;

    /// <summary>Records the value in force for a bound key and refreshes the controls.</summary>
    protected void SetBaseline(string key, string value)
    {
        Draft.SetBaseline(key, value);
        RefreshBindings();
    }

    /// <summary>After the draft changed and the bound controls were refreshed.</summary>
    protected virtual void OnDraftChanged()
    {
    }

    /// <summary>Per tick after the common work. Must not allocate when nothing changed.</summary>
    protected virtual void OnPageUpdate(long timestamp)
    {
    }

    /// <summary>The text in the display's language.</summary>
    protected string T(Text text) => Context.T(text);

    /// <summary>"ROTATION (after a restart)": a caption for a setting that applies once the display restarts.</summary>
    protected string AfterRestart(Text caption) => string.Format(CultureInfo.InvariantCulture, Tx.AfterRestart.Format(Context.Language), T(caption));

    /// <summary>A caption over a control.</summary>
    protected Label Caption(int x, int y, int width, string text) =>
        Add(new Label(new PixelRect(x, y, width, 22), text, Theme.SmallTextSize, bold: true) { Color = Theme.TextDim });

    /// <summary>A row: caption at the left, − button, slider with its value, + button.</summary>
    protected Slider SliderRow(int y, int height, string caption, string key, float min, float max, float step, string format, string suffix, string fallback)
    {
        Add(new Label(new PixelRect(16, y, 226, height), caption, Theme.TextSize - 1f, bold: true));
        var minus = Add(new Button(new PixelRect(244, y + 2, 54, height - 4), "−", size: Theme.LargeTextSize));
        var slider = Add(new Slider(new PixelRect(306, y, 416, height), min, max, step, format, suffix, Context.Format.Numbers) { ValueWidth = 104 });
        var plus = Add(new Button(new PixelRect(730, y + 2, 54, height - 4), "+", size: Theme.LargeTextSize));
        slider.ValueChanged += (_, _) => Draft.Set(key, Format(slider.Value));
        minus.Clicked += (_, _) => Draft.Set(key, Format(Math.Clamp(slider.Value - step, min, max)));
        plus.Clicked += (_, _) => Draft.Set(key, Format(Math.Clamp(slider.Value + step, min, max)));
        _bindings.Add(new Binding(key, fallback, (v, _) =>
        {
            if (float.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out float f))
            {
                slider.Value = f;
            }
        }));
        return slider;
    }

    /// <summary>A slider row for a number setting: its slider window, step and default (or typical value) from the catalogue.</summary>
    protected Slider SliderRow(int y, int height, string caption, NumberSetting setting, string format, string suffix)
    {
        ArgumentNullException.ThrowIfNull(setting);
        return SliderRow(y, height, caption, setting.Key, (float)setting.SliderMin, (float)setting.SliderMax, (float)setting.Step, format, suffix, setting.Format(setting.Typical ?? setting.Default));
    }

    /// <summary>A slider row for a whole-number setting.</summary>
    protected Slider SliderRow(int y, int height, string caption, IntSetting setting, string suffix)
    {
        ArgumentNullException.ThrowIfNull(setting);
        return SliderRow(y, height, caption, setting.Key, setting.SliderMin, setting.Max, setting.Step, "0", suffix, setting.DefaultText);
    }

    /// <summary>Shows Celsius sliders in the owner's unit (they keep storing Celsius, which the controller and alarms take).</summary>
    protected void ShowInTemperatureUnit(params Slider[] sliders)
    {
        ArgumentNullException.ThrowIfNull(sliders);
        Core.Units.TemperatureUnit unit = Context.TemperatureUnit;
        Func<float, float>? shown = unit == Core.Units.TemperatureUnit.Celsius ? null : c => (float)Core.Units.Temperatures.FromCelsius(c, unit);
        foreach (Slider slider in sliders)
        {
            slider.SetDisplay(shown, Core.Units.Temperatures.Suffix(unit));
        }
    }

    /// <summary>A caption and a text field opening the keyboard; a <paramref name="masked"/> one shows dots, here and on the keyboard.</summary>
    protected TextField FieldBlock(int x, int y, int width, string caption, string key, string fallback, string placeholder, bool digits = false, int maxLength = 64, Func<string, string?>? validate = null, bool masked = false)
    {
        Caption(x, y, width, caption);
        var field = Add(new TextField(new PixelRect(x, y + 24, width, 54), placeholder) { Masked = masked });
        field.Clicked += (_, _) => Session.EditText(new KeyboardRequest(caption, Draft.Get(key), text => Draft.Set(key, text), Masked: masked, Digits: digits, MaxLength: maxLength, Validate: validate));
        _bindings.Add(new Binding(key, fallback, (v, _) => field.Value = v));
        return field;
    }

    /// <summary>A text field for a text or number setting: its default, length, check and secrecy from the catalogue.</summary>
    protected TextField FieldBlock(int x, int y, int width, string caption, Setting setting, string placeholder, bool digits = false)
    {
        ArgumentNullException.ThrowIfNull(setting);
        int maxLength = setting switch
        {
            TextSetting t => t.MaxLength,
            IntSetting i => i.Max.ToString(CultureInfo.InvariantCulture).Length,
            _ => 64,
        };
        return FieldBlock(x, y, width, caption, setting.Key, setting.DefaultText, placeholder, digits, maxLength, setting.Check, masked: setting.IsSecret);
    }

    /// <summary>A row of options for a choice, a switch or the presets of a number; the draft stores what settings.json holds.</summary>
    protected SegmentedChoice ChoiceBlock(int x, int y, int width, string caption, Setting setting, string[] options)
    {
        ArgumentNullException.ThrowIfNull(setting);
        string[] values = setting switch
        {
            BoolSetting => ["false", "true"],
            IntSetting { Presets.Count: > 0 } i => i.Presets.Select(i.Format).ToArray(),
            IChoiceSetting c => c.Names.ToArray(),
            _ => throw new ArgumentException($"{setting.Key} has no fixed choices", nameof(setting)),
        };
        if (values.Length != options.Length)
        {
            throw new ArgumentException($"{setting.Key}: {options.Length} options shown for {values.Length} values", nameof(options));
        }

        return ChoiceBlock(x, y, width, caption, setting.Key, setting.DefaultText, options, values);
    }

    /// <summary>A caption and a row of options; <paramref name="values"/> are what the draft stores for each.</summary>
    protected SegmentedChoice ChoiceBlock(int x, int y, int width, string caption, string key, string fallback, string[] options, string[] values)
    {
        Caption(x, y, width, caption);
        var choice = Add(new SegmentedChoice(new PixelRect(x, y + 24, width, 54), options));
        choice.SelectionChanged += (_, _) => Draft.Set(key, values[choice.SelectedIndex]);
        _bindings.Add(new Binding(key, fallback, (v, _) =>
        {
            int i = Array.FindIndex(values, s => string.Equals(s, v, StringComparison.OrdinalIgnoreCase));
            choice.SelectedIndex = i < 0 ? 0 : i;
        }));
        return choice;
    }

    /// <summary>Binds a key without a standard control (the page refreshes it in <see cref="OnDraftChanged"/>).</summary>
    protected void Bind(string key, string fallback) => _bindings.Add(new Binding(key, fallback, (_, _) => { }));

    protected static string Format(float v) => v.ToString("0.###", CultureInfo.InvariantCulture);

    private sealed record Binding(string Key, string Fallback, Action<string, bool> Refresh);
}
