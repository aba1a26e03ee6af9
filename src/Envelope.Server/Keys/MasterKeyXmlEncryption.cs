using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Envelope.Server.Data;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace Envelope.Server.Keys;

/// <summary>
/// Encrypts each Data Protection key's XML under a key derived from the master key (AES-256-GCM), so the key ring in
/// the database is useless without the master key, like the project data keys it sits beside. The element names the
/// master key that encrypted it, so after a master-key rotation the previous key still opens older ring entries.
/// </summary>
internal sealed class MasterKeyXmlEncryptor(MasterKey masterKey) : IXmlEncryptor
{
    internal const string Purpose = "data-protection-key-ring";
    private const int IvSize = 12;
    private const int TagSize = 16;

    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var plaintext = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var sealedBytes = new byte[IvSize + plaintext.Length + TagSize];
        var iv = sealedBytes.AsSpan(0, IvSize);
        RandomNumberGenerator.Fill(iv);
        var key = masterKey.DeriveKey(Purpose);
        try
        {
            using var aes = new AesGcm(key, TagSize);
            aes.Encrypt(iv, plaintext, sealedBytes.AsSpan(IvSize, plaintext.Length), sealedBytes.AsSpan(IvSize + plaintext.Length), AssociatedData);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            CryptographicOperations.ZeroMemory(plaintext);
        }

        var element = new XElement("masterKeyEncrypted",
            new XAttribute("masterKeyId", masterKey.Id),
            new XElement("value", Convert.ToBase64String(sealedBytes)));
        return new EncryptedXmlInfo(element, typeof(MasterKeyXmlDecryptor));
    }

    /// <summary>Binds the ciphertext to this use, so no other AES-GCM blob under the derived key can pass for a ring entry.</summary>
    internal static ReadOnlySpan<byte> AssociatedData => "envelope:data-protection-key"u8;

    internal static byte[] Decrypt(MasterKey masterKey, byte[] sealedBytes)
    {
        var length = sealedBytes.Length - IvSize - TagSize;
        var plaintext = new byte[length];
        var key = masterKey.DeriveKey(Purpose);
        try
        {
            using var aes = new AesGcm(key, TagSize);
            aes.Decrypt(sealedBytes.AsSpan(0, IvSize), sealedBytes.AsSpan(IvSize, length), sealedBytes.AsSpan(IvSize + length), plaintext, AssociatedData);
            return plaintext;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }
}

/// <summary>Opens what <see cref="MasterKeyXmlEncryptor"/> sealed; Data Protection creates it by type name, with the services.</summary>
internal sealed class MasterKeyXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        var masterKey = services.GetRequiredService<MasterKey>();
        var id = (string?)encryptedElement.Attribute("masterKeyId");
        var key = masterKey.Named(id);
        var sealedBytes = Convert.FromBase64String((string?)encryptedElement.Element("value") ?? string.Empty);
        var plaintext = MasterKeyXmlEncryptor.Decrypt(key, sealedBytes);
        try
        {
            return XElement.Parse(Encoding.UTF8.GetString(plaintext));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }
}

/// <summary>
/// Moves the Data Protection key ring from one master key to the next, as <c>master-key rotate</c> does for data keys:
/// without it, the ring's entries would open only while the old key stays configured as the previous one, and every
/// console cookie and antiforgery token would break the day it is dropped.
/// </summary>
internal static class DataProtectionKeyRing
{
    private const string SealedElement = "masterKeyEncrypted";

    /// <summary>Re-seals every ring entry not under <paramref name="next"/> yet; each row is saved on its own, so a run stopped midway is run again.</summary>
    public static async Task<int> ResealAsync(EnvelopeDbContext db, MasterKey current, MasterKey next, CancellationToken cancellationToken)
    {
        var resealed = 0;
        foreach (var entry in await db.DataProtectionKeys.ToListAsync(cancellationToken))
        {
            if (entry.Xml is null)
            {
                continue;
            }

            var document = XElement.Parse(entry.Xml);
            var changed = false;
            foreach (var element in document.Descendants().Where(e => e.Name.LocalName == SealedElement).ToList())
            {
                var id = (string?)element.Attribute("masterKeyId");
                if (id == next.Id)
                {
                    continue;
                }

                var opener = current.Named(id);
                var plaintext = MasterKeyXmlEncryptor.Decrypt(opener, Convert.FromBase64String((string?)element.Element(element.Name.Namespace + "value") ?? string.Empty));
                try
                {
                    var resealedElement = new MasterKeyXmlEncryptor(next).Encrypt(XElement.Parse(Encoding.UTF8.GetString(plaintext))).EncryptedElement;
                    element.ReplaceWith(resealedElement);
                    changed = true;
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(plaintext);
                }
            }

            if (changed)
            {
                entry.Xml = document.ToString(SaveOptions.DisableFormatting);
                await db.SaveChangesAsync(cancellationToken);
                resealed++;
            }
        }

        return resealed;
    }
}
