using NSec.Cryptography;

namespace SignalingAkka.Protocol;

/// <summary>A device's Ed25519 key pair (NSec); the private key is the raw 32-byte seed.</summary>
public sealed class DeviceKeyPair : IDisposable
{
    private const int SeedLength = 32;

    // Devices persist their seed, so the key must be exportable in plain text.
    private static KeyCreationParameters Exportable => new() { ExportPolicy = KeyExportPolicies.AllowPlaintextExport };

    private readonly Key _key;
    private readonly byte[] _publicKey;

    private DeviceKeyPair(Key key)
    {
        _key = key;
        _publicKey = key.PublicKey.Export(KeyBlobFormat.RawPublicKey);
        PublicKeyText = Base64Url.Encode(_publicKey);
    }

    public static DeviceKeyPair Generate() => new(Key.Create(SignatureAlgorithm.Ed25519, Exportable));

    public static DeviceKeyPair FromPrivateSeed(ReadOnlySpan<byte> seed32)
    {
        if (seed32.Length != SeedLength)
            throw new ArgumentException($"An Ed25519 private seed is {SeedLength} bytes.", nameof(seed32));
        return new(Key.Import(SignatureAlgorithm.Ed25519, seed32, KeyBlobFormat.RawPrivateKey, Exportable));
    }

    public byte[] ExportPrivateSeed() => _key.Export(KeyBlobFormat.RawPrivateKey);

    /// <summary>The raw 32-byte public key; a copy, so callers cannot alter this pair.</summary>
    public byte[] PublicKey => (byte[])_publicKey.Clone();

    /// <summary>The public key as it travels on the wire (base64url, no padding).</summary>
    public string PublicKeyText { get; }

    public byte[] Sign(ReadOnlySpan<byte> data) => SignatureAlgorithm.Ed25519.Sign(_key, data);

    public void Dispose() => _key.Dispose();
}
