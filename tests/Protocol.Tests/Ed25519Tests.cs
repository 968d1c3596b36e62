namespace SignalingAkka.Protocol.Tests;

public class Ed25519Tests
{
    // RFC 8032 §7.1, tests 1 and 2.
    private static readonly byte[] Seed1 = Convert.FromHexString("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
    private static readonly byte[] Public1 = Convert.FromHexString("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    private static readonly byte[] Signature1 = Convert.FromHexString(
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
    private static readonly byte[] Seed2 = Convert.FromHexString("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb");
    private static readonly byte[] Public2 = Convert.FromHexString("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c");
    private static readonly byte[] Message2 = [0x72];
    private static readonly byte[] Signature2 = Convert.FromHexString(
        "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00");

    [Fact]
    public void A_key_from_a_seed_reproduces_the_rfc8032_vectors()
    {
        using var key1 = DeviceKeyPair.FromPrivateSeed(Seed1);
        Assert.Equal(Public1, key1.PublicKey);
        Assert.Equal(Signature1, key1.Sign([]));
        Assert.Equal(Seed1, key1.ExportPrivateSeed());

        using var key2 = DeviceKeyPair.FromPrivateSeed(Seed2);
        Assert.Equal(Public2, key2.PublicKey);
        Assert.Equal(Signature2, key2.Sign(Message2));
    }

    [Fact]
    public void Verifies_the_rfc8032_vectors()
    {
        Assert.True(Ed25519.Verify(Public1, [], Signature1));
        Assert.True(Ed25519.Verify(Public2, Message2, Signature2));
    }

    [Fact]
    public void Rejects_another_message_key_or_signature()
    {
        Assert.False(Ed25519.Verify(Public1, [0x72], Signature1));
        Assert.False(Ed25519.Verify(Public2, Message2, Signature1));
        Assert.False(Ed25519.Verify(Public1, Message2, Signature2));
        var flipped = (byte[])Signature2.Clone();
        flipped[10] ^= 1;
        Assert.False(Ed25519.Verify(Public2, Message2, flipped));
    }

    [Fact]
    public void Answers_false_rather_than_throwing_on_wrong_lengths()
    {
        Assert.False(Ed25519.Verify(Public2[..31], Message2, Signature2));
        Assert.False(Ed25519.Verify([.. Public2, 0], Message2, Signature2));
        Assert.False(Ed25519.Verify([], Message2, Signature2));
        Assert.False(Ed25519.Verify(Public2, Message2, Signature2[..63]));
        Assert.False(Ed25519.Verify(Public2, Message2, [.. Signature2, 0]));
        Assert.False(Ed25519.Verify(Public2, Message2, []));
    }

    [Fact]
    public void Answers_false_for_a_degenerate_key()
    {
        // The all-zero point has small order: libsodium refuses to verify with it.
        Assert.False(Ed25519.Verify(new byte[32], Message2, Signature2));
    }

    [Fact]
    public void Generated_keys_are_distinct_exportable_and_sign_verifiably()
    {
        using var key = DeviceKeyPair.Generate();
        using var other = DeviceKeyPair.Generate();
        Assert.NotEqual(key.PublicKey, other.PublicKey);

        var data = "hello"u8.ToArray();
        var signature = key.Sign(data);
        Assert.Equal(64, signature.Length);
        Assert.True(Ed25519.Verify(key.PublicKey, data, signature));
        Assert.False(Ed25519.Verify(other.PublicKey, data, signature));

        using var restored = DeviceKeyPair.FromPrivateSeed(key.ExportPrivateSeed());
        Assert.Equal(key.PublicKey, restored.PublicKey);
    }

    [Fact]
    public void The_public_key_text_is_base64url_of_the_raw_key()
    {
        using var key = DeviceKeyPair.FromPrivateSeed(Seed1);
        Assert.Equal("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo", key.PublicKeyText);
        Assert.True(Ed25519.IsValidPublicKey(key.PublicKeyText));
    }

    [Fact]
    public void The_public_key_property_hands_out_a_copy()
    {
        using var key = DeviceKeyPair.FromPrivateSeed(Seed1);
        key.PublicKey[0] ^= 0xff;
        Assert.Equal(Public1, key.PublicKey);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(64)]
    public void A_seed_must_be_32_bytes(int length) =>
        Assert.Throws<ArgumentException>(() => DeviceKeyPair.FromPrivateSeed(new byte[length]));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo=")]  // padded
    [InlineData("11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo")]   // standard alphabet
    [InlineData("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHUQ")]    // 31 bytes
    [InlineData("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURoA")]  // 33 bytes
    public void A_public_key_text_must_be_32_bytes_of_base64url(string? text) =>
        Assert.False(Ed25519.IsValidPublicKey(text));

    [Fact]
    public void Signing_after_dispose_fails()
    {
        var key = DeviceKeyPair.Generate();
        key.Dispose();
        Assert.Throws<ObjectDisposedException>(() => key.Sign([1]));
    }
}
