using System.Buffers.Binary;
using FbDisplay.Core.Input;

namespace FbDisplay.Linux.Input;

/// <summary>
/// Turns raw evdev <c>input_event</c> bytes into <see cref="TouchEvent"/>s for one primary contact. Understands
/// multitouch protocol B (slots, tracking ids: the Raspberry Pi touchscreen), single-touch ABS_X/ABS_Y with BTN_TOUCH,
/// and tablets that press BTN_LEFT (QEMU's virtio tablet). Changes are buffered until SYN_REPORT; after SYN_DROPPED
/// everything up to the next SYN_REPORT is discarded. Any byte sequence is accepted; none throws.
/// </summary>
public sealed class EvDevTouchDecoder
{
    /// <summary>Slots beyond this are ignored: only the primary contact matters and it is nearly always slot 0.</summary>
    public const int MaxSlots = 16;

    private const ushort EvSyn = 0x00, EvKey = 0x01, EvAbs = 0x03;
    private const ushort SynReport = 0, SynDropped = 3;
    private const ushort BtnLeft = 0x110, BtnTouch = 0x14a;
    private const ushort AbsX = 0x00, AbsY = 0x01;
    private const ushort AbsMtSlot = 0x2f, AbsMtPositionX = 0x35, AbsMtPositionY = 0x36, AbsMtTrackingId = 0x39;

    private readonly int _eventSize;
    private readonly TouchMapper _mapper;
    private readonly byte[] _carry;
    private int _carryLength;

    // Protocol B: what the frame being read says (pending) and what the last SYN_REPORT said (committed).
    private readonly int[] _pendingId = new int[MaxSlots];
    private readonly int[] _pendingX = new int[MaxSlots];
    private readonly int[] _pendingY = new int[MaxSlots];
    private readonly int[] _committedId = new int[MaxSlots];
    private readonly int[] _committedX = new int[MaxSlots];
    private readonly int[] _committedY = new int[MaxSlots];
    private int _slot;
    private int _committedSlot;
    private bool _multitouch;

    // Single touch and tablets.
    private State _pending;
    private State _committed;

    // What has been reported.
    private bool _down;
    private int _primarySlot = -1;
    private int _primaryId = -1;
    private int _lastX;
    private int _lastY;
    private bool _dropping;

    /// <param name="eventSize">sizeof(struct input_event) of the reading process: 24 on 64-bit, 16 on 32-bit.</param>
    /// <param name="mapper">Raw axis values to logical pixels.</param>
    public EvDevTouchDecoder(int eventSize, TouchMapper mapper)
    {
        if (eventSize is not (16 or 24))
        {
            throw new ArgumentOutOfRangeException(nameof(eventSize), eventSize, "input_event is 16 bytes (32-bit) or 24 bytes (64-bit).");
        }

        ArgumentNullException.ThrowIfNull(mapper);
        _eventSize = eventSize;
        _mapper = mapper;
        _carry = new byte[eventSize];
        Array.Fill(_pendingId, -1);
        Array.Fill(_committedId, -1);
    }

    /// <summary>True while a contact is held down (a Down has been reported without its Up).</summary>
    public bool IsDown => _down;

    /// <summary>Set after a SYN_DROPPED has been skipped: the reader should check the key state (<see cref="ApplyKeyState"/>).</summary>
    public bool ResyncRequested { get; private set; }

    /// <summary>Decodes <paramref name="bytes"/>; a trailing partial event is kept for the next call.</summary>
    public void Decode(ReadOnlySpan<byte> bytes, long timestamp, ICollection<TouchEvent> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (_carryLength > 0)
        {
            int take = Math.Min(_eventSize - _carryLength, bytes.Length);
            bytes[..take].CopyTo(_carry.AsSpan(_carryLength));
            _carryLength += take;
            bytes = bytes[take..];
            if (_carryLength < _eventSize)
            {
                return;
            }

            _carryLength = 0;
            Handle(_carry, timestamp, output);
        }

        while (bytes.Length >= _eventSize)
        {
            Handle(bytes[.._eventSize], timestamp, output);
            bytes = bytes[_eventSize..];
        }

        bytes.CopyTo(_carry);
        _carryLength = bytes.Length;
    }

    /// <summary>
    /// Applies the button state read back from the device after a drop: a contact whose release was lost in the drop
    /// is released now instead of staying pressed until the next touch.
    /// </summary>
    public void ApplyKeyState(bool touching, long timestamp, ICollection<TouchEvent> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        ResyncRequested = false;
        if (!touching)
        {
            Release(timestamp, output);
        }
    }

    /// <summary>Releases any held contact and forgets all state (the device went away).</summary>
    public void Release(long timestamp, ICollection<TouchEvent> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (_down)
        {
            output.Add(new TouchEvent(TouchAction.Up, _lastX, _lastY, timestamp));
        }

        _down = false;
        _primarySlot = -1;
        _primaryId = -1;
        Array.Fill(_pendingId, -1);
        Array.Fill(_committedId, -1);
        _pending = _committed = default;
        _dropping = false;
        _carryLength = 0;
    }

    private void Handle(ReadOnlySpan<byte> raw, long timestamp, ICollection<TouchEvent> output)
    {
        int header = _eventSize - 8; // the struct timeval in front
        ushort type = BinaryPrimitives.ReadUInt16LittleEndian(raw[header..]);
        ushort code = BinaryPrimitives.ReadUInt16LittleEndian(raw[(header + 2)..]);
        int value = BinaryPrimitives.ReadInt32LittleEndian(raw[(header + 4)..]);

        if (type == EvSyn)
        {
            if (code == SynDropped)
            {
                _dropping = true;
                Rollback();
            }
            else if (code == SynReport)
            {
                if (_dropping)
                {
                    _dropping = false;
                    ResyncRequested = true;
                }
                else
                {
                    Commit(timestamp, output);
                }
            }

            return;
        }

        if (_dropping)
        {
            return;
        }

        if (type == EvKey)
        {
            if (code == BtnTouch)
            {
                _pending.Touch = value != 0;
            }
            else if (code == BtnLeft)
            {
                _pending.Left = value != 0;
            }
        }
        else if (type == EvAbs)
        {
            HandleAbs(code, value);
        }
    }

    private void HandleAbs(ushort code, int value)
    {
        switch (code)
        {
            case AbsX:
                _pending.X = value;
                return;
            case AbsY:
                _pending.Y = value;
                return;
            case AbsMtSlot:
                _multitouch = true;
                _slot = value is >= 0 and < MaxSlots ? value : -1;
                return;
        }

        if (_slot < 0)
        {
            return;
        }

        switch (code)
        {
            case AbsMtTrackingId:
                _multitouch = true;
                _pendingId[_slot] = value < 0 ? -1 : value;
                break;
            case AbsMtPositionX:
                _multitouch = true;
                _pendingX[_slot] = value;
                break;
            case AbsMtPositionY:
                _multitouch = true;
                _pendingY[_slot] = value;
                break;
        }
    }

    private void Rollback()
    {
        _committedId.CopyTo(_pendingId, 0);
        _committedX.CopyTo(_pendingX, 0);
        _committedY.CopyTo(_pendingY, 0);
        _slot = _committedSlot;
        _pending = _committed;
    }

    private void Commit(long timestamp, ICollection<TouchEvent> output)
    {
        if (_multitouch)
        {
            // Pointer emulation (BTN_TOUCH, ABS_X) repeats the same contact: protocol B alone is the truth.
            CommitMultitouch(timestamp, output);
        }
        else
        {
            CommitSingleTouch(timestamp, output);
        }

        _pendingId.CopyTo(_committedId, 0);
        _pendingX.CopyTo(_committedX, 0);
        _pendingY.CopyTo(_committedY, 0);
        _committedSlot = _slot;
        _committed = _pending;
    }

    private void CommitMultitouch(long timestamp, ICollection<TouchEvent> output)
    {
        if (_primarySlot >= 0)
        {
            if (_pendingId[_primarySlot] != _primaryId)
            {
                // Lifted, or its slot now holds a new contact whose lift we never saw.
                output.Add(new TouchEvent(TouchAction.Up, _lastX, _lastY, timestamp));
                _down = false;
                _primarySlot = -1;
                _primaryId = -1;
            }
            else
            {
                MoveTo(_pendingX[_primarySlot], _pendingY[_primarySlot], timestamp, output);
            }
        }

        if (_primarySlot < 0)
        {
            // Only a contact that starts while nothing is held becomes primary; fingers already down stay ignored.
            for (int s = 0; s < MaxSlots; s++)
            {
                if (_pendingId[s] >= 0 && _pendingId[s] != _committedId[s])
                {
                    _primarySlot = s;
                    _primaryId = _pendingId[s];
                    Press(_pendingX[s], _pendingY[s], timestamp, output);
                    break;
                }
            }
        }
    }

    private void CommitSingleTouch(long timestamp, ICollection<TouchEvent> output)
    {
        bool contact = _pending.Touch || _pending.Left;
        if (contact && !_down)
        {
            Press(_pending.X, _pending.Y, timestamp, output);
        }
        else if (contact)
        {
            MoveTo(_pending.X, _pending.Y, timestamp, output);
        }
        else if (_down)
        {
            var (x, y) = _mapper.Map(_pending.X, _pending.Y);
            output.Add(new TouchEvent(TouchAction.Up, x, y, timestamp));
            _down = false;
        }
    }

    private void Press(int rawX, int rawY, long timestamp, ICollection<TouchEvent> output)
    {
        (_lastX, _lastY) = _mapper.Map(rawX, rawY);
        _down = true;
        output.Add(new TouchEvent(TouchAction.Down, _lastX, _lastY, timestamp));
    }

    private void MoveTo(int rawX, int rawY, long timestamp, ICollection<TouchEvent> output)
    {
        var (x, y) = _mapper.Map(rawX, rawY);
        if (x != _lastX || y != _lastY)
        {
            (_lastX, _lastY) = (x, y);
            output.Add(new TouchEvent(TouchAction.Move, x, y, timestamp));
        }
    }

    private struct State
    {
        public int X;
        public int Y;
        public bool Touch;
        public bool Left;
    }
}
