namespace SignalingAkka.Protocol.Tests;

public class Base64UrlTests
{
    // RFC 4648 §10 vectors; the URL alphabet equals the standard one for these.
    [Theory]
    [InlineData("", "")]
    [InlineData("f", "Zg")]
    [InlineData("fo", "Zm8")]
    [InlineData("foo", "Zm9v")]
    [InlineData("foob", "Zm9vYg")]
    [InlineData("fooba", "Zm9vYmE")]
    [InlineData("foobar", "Zm9vYmFy")]
    public void Encodes_rfc4648_vectors_without_padding(string ascii, string expected) =>
        Assert.Equal(expected, Base64Url.Encode(System.Text.Encoding.ASCII.GetBytes(ascii)));

    [Theory]
    [InlineData(new byte[] { 0xfb, 0xff }, "-_8")]
    [InlineData(new byte[] { 0xfb, 0xff, 0xbf }, "-_-_")]
    public void Uses_the_url_alphabet(byte[] bytes, string expected) =>
        Assert.Equal(expected, Base64Url.Encode(bytes));

    [Theory]
    [InlineData("Zg", "66")]
    [InlineData("Zm9vYmFy", "666f6f626172")]
    [InlineData("-_-_", "FBFFBF")]
    [InlineData("-_8", "FBFF")]
    public void Decodes_canonical_text(string text, string hex)
    {
        Assert.True(Base64Url.TryDecode(text, out var bytes));
        Assert.Equal(Convert.FromHexString(hex), bytes);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Zg==")]      // padding
    [InlineData("Zm8=")]
    [InlineData("+/8")]       // standard alphabet
    [InlineData("Zm 9v")]     // whitespace
    [InlineData(" Zm9v")]
    [InlineData("Zm9v\n")]
    [InlineData("Z")]         // impossible length
    [InlineData("Zm9vY")]
    [InlineData("Zh")]        // non-zero spare bits: not the canonical text of any byte
    [InlineData("Zm9")]
    [InlineData("Zm9v*")]
    [InlineData("Zm9vé")]
    public void Rejects_anything_but_canonical_unpadded_text(string? text)
    {
        Assert.False(Base64Url.TryDecode(text, out var bytes));
        Assert.Empty(bytes);
    }

    [Fact]
    public void Round_trips_every_length_and_byte_value()
    {
        var all = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        for (var length = 1; length <= all.Length; length++)
        {
            var bytes = all[..length];
            Assert.True(Base64Url.TryDecode(Base64Url.Encode(bytes), out var decoded));
            Assert.Equal(bytes, decoded);
        }
    }
}
