using System.Buffers;
using System.Security.Cryptography;

namespace Envelope.Crypto.Internal;

/// <summary>
/// A pooled byte buffer that is zeroed before it goes back to the pool, because it held plaintext
/// or key material that the next renter must not see.
/// </summary>
internal ref struct SensitiveBuffer
{
    private byte[]? _rented;

    public SensitiveBuffer(int length)
    {
        _rented = ArrayPool<byte>.Shared.Rent(length);
        Span = _rented.AsSpan(0, length);
    }

    public Span<byte> Span { get; }

    public void Dispose()
    {
        if (_rented is null)
            return;
        CryptographicOperations.ZeroMemory(Span);
        ArrayPool<byte>.Shared.Return(_rented);
        _rented = null;
    }
}
