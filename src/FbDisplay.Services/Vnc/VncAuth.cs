using System.Security.Cryptography;
using System.Text;
using FbDisplay.Settings;

namespace FbDisplay.Services.Vnc;

/// <summary>
/// VNC Authentication (RFC 6143 §7.2.2): the client DES-encrypts a 16-byte challenge with the password as key, each
/// key byte bit-reversed (a quirk of the original implementation every client copies). Weak: 8 characters at most,
/// and a captured challenge/response can be brute-forced offline. Use on a trusted network or through SSH.
/// </summary>
public static class VncAuth
{
    public const int ChallengeLength = 16;

    /// <summary>The DES key for <paramref name="password"/>: first 8 bytes (Latin-1), zero padded, bits reversed.</summary>
    public static byte[] Key(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        var key = new byte[8];
        byte[] raw = Encoding.Latin1.GetBytes(password);
        for (int i = 0; i < 8 && i < raw.Length; i++)
        {
            key[i] = ReverseBits(raw[i]);
        }

        return key;
    }

    /// <summary>What a client answers to <paramref name="challenge"/> when it knows <paramref name="password"/>.</summary>
    public static byte[] Response(string password, ReadOnlySpan<byte> challenge)
    {
        // DES is the protocol's choice, not ours; there is nothing stronger a standard VNC viewer speaks.
#pragma warning disable CA5351 // Do not use broken cryptographic algorithms
        using var des = DES.Create();
#pragma warning restore CA5351
        des.Key = Key(password);
        return des.EncryptEcb(challenge, PaddingMode.None);
    }

    /// <summary>Compares in constant time.</summary>
    public static bool Verify(string password, ReadOnlySpan<byte> challenge, ReadOnlySpan<byte> response) =>
        CryptographicOperations.FixedTimeEquals(Response(password, challenge), response);

    /// <summary>DES refuses weak keys (e.g. an empty password); such a password cannot be used.</summary>
    public static bool IsUsablePassword(string password, out string? why)
    {
        try
        {
            _ = Response(password, new byte[ChallengeLength]);
            why = null;
            return true;
        }
        catch (CryptographicException e)
        {
            why = $"{Catalog.Vnc.Password.Key} cannot be used as a DES key ({e.Message}); choose another";
            return false;
        }
    }

    private static byte ReverseBits(byte b)
    {
        int r = 0;
        for (int i = 0; i < 8; i++)
        {
            r = (r << 1) | ((b >> i) & 1);
        }

        return (byte)r;
    }
}
