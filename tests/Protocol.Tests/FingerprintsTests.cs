namespace SignalingAkka.Protocol.Tests;

public class FingerprintsTests
{
    private const string ShaOfAbc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    [Theory]
    [InlineData("a", "bc", ShaOfAbc)]   // FIPS 180-2 vector: the two ids are simply concatenated
    [InlineData("", "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    // Computed with: printf '%s' android-pixel-8 install-3f1c | openssl dgst -sha256
    [InlineData("android-pixel-8", "install-3f1c", "e7687229445d577c45231604cbe0e3cf478d8c92f8ae5e11bec02b9d6f95c852")]
    // UTF-8, not UTF-16: printf '%s' é | openssl dgst -sha256
    [InlineData("é", "", "4a99557e4033c3539de2eb65472017cad5f9557f7a0625a09f1c3f6e2ba69c4c")]
    public void Computes_lowercase_hex_sha256_of_the_concatenated_ids(string platformId, string installId, string expected)
    {
        var fingerprint = Fingerprints.Compute(platformId, installId);
        Assert.Equal(expected, fingerprint);
        Assert.True(Fingerprints.IsValid(fingerprint));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD")]
    [InlineData("Ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015a")]    // 63
    [InlineData("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad0")]  // 65
    [InlineData("ga7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData(" a7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData("٠a7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]   // Arabic-Indic zero
    public void Rejects_anything_but_64_lowercase_hex_chars(string? fingerprint) =>
        Assert.False(Fingerprints.IsValid(fingerprint));

    [Fact]
    public void Accepts_every_hex_digit() =>
        Assert.True(Fingerprints.IsValid(string.Concat(Enumerable.Repeat("0123456789abcdef", 4))));
}
