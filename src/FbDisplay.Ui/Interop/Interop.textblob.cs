using System.Runtime.InteropServices;
using SkiaSharp;

namespace FbDisplay.Ui.Interop;

/// <summary>
/// The few calls of SkiaSharp's own native library (its C API, pinned with the SkiaSharp version) that build and
/// draw a text blob without a managed object per blob: SkiaSharp's <see cref="SKTextBlob"/> is a class, and a label
/// whose text changes every second must not allocate.
/// </summary>
internal static unsafe partial class SkiaInterop
{
    private const string Library = "libSkiaSharp";

    /// <summary>The glyph and position arrays Skia hands out for a run (sk_textblob_builder_runbuffer_t).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct RunBuffer
    {
        public ushort* Glyphs;
        public SKPoint* Positions;
        public byte* Utf8Text;
        public uint* Clusters;
    }

    [LibraryImport(Library)]
    internal static partial nint sk_textblob_builder_new();

    [LibraryImport(Library)]
    internal static partial void sk_textblob_builder_alloc_run_pos(nint builder, nint font, int count, SKRect* bounds, RunBuffer* runBuffer);

    /// <summary>The finished blob (null for no runs); the builder is empty and reusable afterwards.</summary>
    [LibraryImport(Library)]
    internal static partial nint sk_textblob_builder_make(nint builder);

    [LibraryImport(Library)]
    internal static partial void sk_textblob_unref(nint blob);

    [LibraryImport(Library)]
    internal static partial void sk_canvas_draw_text_blob(nint canvas, nint blob, float x, float y, nint paint);
}

/// <summary>Owns one native text blob reference; <see cref="Replace"/> swaps it without allocating.</summary>
internal sealed class TextBlobHandle : SafeHandle
{
    public TextBlobHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <summary>The blob, or zero for none.</summary>
    public nint Blob => handle;

    /// <summary>Takes over <paramref name="blob"/> (a new reference, or zero) and drops the one held.</summary>
    public void Replace(nint blob)
    {
        nint old = handle;
        SetHandle(blob);
        if (old != IntPtr.Zero)
        {
            SkiaInterop.sk_textblob_unref(old);
        }
    }

    protected override bool ReleaseHandle()
    {
        SkiaInterop.sk_textblob_unref(handle);
        return true;
    }
}
