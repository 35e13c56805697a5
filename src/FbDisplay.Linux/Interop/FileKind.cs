namespace FbDisplay.Linux;

internal enum FileKind
{
    Missing,
    Regular,
    CharacterDevice,
    Other,
}

internal static class FileKinds
{
    public static unsafe FileKind Of(string path)
    {
        byte* buffer = stackalloc byte[Interop.StatxSize];
        if (Interop.statx(Interop.AT_FDCWD, path, 0, Interop.STATX_TYPE, buffer) != 0)
        {
            return FileKind.Missing;
        }

        int mode = *(ushort*)(buffer + Interop.StatxModeOffset) & Interop.S_IFMT;
        return mode switch
        {
            Interop.S_IFREG => FileKind.Regular,
            Interop.S_IFCHR => FileKind.CharacterDevice,
            _ => FileKind.Other,
        };
    }
}
