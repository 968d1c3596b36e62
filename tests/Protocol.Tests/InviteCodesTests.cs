using System.Text.RegularExpressions;

namespace SignalingAkka.Protocol.Tests;

public class InviteCodesTests
{
    private static readonly Regex Canonical = new($"^AVNE-[{InviteCodes.Alphabet}]{{4}}-[{InviteCodes.Alphabet}]{{4}}$");

    [Fact]
    public void The_alphabet_is_the_protocols_30_characters()
    {
        Assert.Equal("23456789ABCDEFGHJKMNPQRSTVWXYZ", InviteCodes.Alphabet);
        Assert.Equal(30, InviteCodes.Alphabet.Distinct().Count());
    }

    [Fact]
    public void Generated_codes_are_canonical_and_normalise_to_themselves()
    {
        var codes = Enumerable.Range(0, 1000).Select(_ => InviteCodes.Generate()).ToList();
        Assert.All(codes, code =>
        {
            Assert.Matches(Canonical, code);
            Assert.True(InviteCodes.TryNormalize(code, out var normalised));
            Assert.Equal(code, normalised);
        });
        // 30^8 ≈ 6.6e11 codes: a repeat among 1,000 means the generator is broken, not unlucky.
        Assert.Equal(codes.Count, codes.Distinct().Count());
    }

    [Fact]
    public void Generation_uses_the_whole_alphabet_in_every_position()
    {
        var bodies = Enumerable.Range(0, 2000).Select(_ => InviteCodes.Generate().Replace("-", "")[4..]).ToList();
        for (var position = 0; position < 8; position++)
        {
            var seen = bodies.Select(b => b[position]).Distinct().Count();
            // Expected misses per position: 30 * (29/30)^2000 ≈ 1e-28.
            Assert.Equal(InviteCodes.Alphabet.Length, seen);
        }
    }

    [Theory]
    [InlineData("AVNE-23HJ-KMXZ", "AVNE-23HJ-KMXZ")]
    [InlineData("avne-23hj-kmxz", "AVNE-23HJ-KMXZ")]
    [InlineData("AvNe-23hJ-kMxZ", "AVNE-23HJ-KMXZ")]
    [InlineData("avne23hjkmxz", "AVNE-23HJ-KMXZ")]
    [InlineData("AVNE23HJKMXZ", "AVNE-23HJ-KMXZ")]
    [InlineData(" avne-23hj-kmxz ", "AVNE-23HJ-KMXZ")]
    [InlineData("\tAVNE23HJKMXZ\r\n", "AVNE-23HJ-KMXZ")]
    public void Normalises_case_dashes_and_whitespace(string input, string expected)
    {
        Assert.True(InviteCodes.TryNormalize(input, out var code));
        Assert.Equal(expected, code);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("23HJKMXZ")]            // the AVNE prefix is required
    [InlineData("23HJ-KMXZ")]
    [InlineData("ABCD-23HJ-KMXZ")]      // wrong prefix
    [InlineData("AVNF23HJKMXZ")]
    [InlineData("AVNE-03HJ-KMXZ")]      // look-alikes that are not in the alphabet
    [InlineData("AVNE-O3HJ-KMXZ")]
    [InlineData("AVNE-13HJ-KMXZ")]
    [InlineData("AVNE-I3HJ-KMXZ")]
    [InlineData("AVNE-L3HJ-KMXZ")]
    [InlineData("avne-l3hj-kmxz")]
    [InlineData("AVNE-U3HJ-KMXZ")]
    [InlineData("AVNE-23HJ-KMX")]       // wrong length
    [InlineData("AVNE-23HJ-KMXZ2")]
    [InlineData("AVNE23HJKMX")]
    [InlineData("AVNE23HJKMXZ2")]
    [InlineData("AVNE-23HJKMXZ")]       // one dash only
    [InlineData("AVNE23HJ-KMXZ")]
    [InlineData("AVNE--23HJKMXZ")]      // dashes in the wrong places
    [InlineData("AVN-E23H-JKMXZ")]
    [InlineData("AVNE 23HJ KMXZ")]      // spaces instead of dashes
    [InlineData("AVNE-23HJ-KMXſ")]      // long s upper-cases to S under Unicode rules
    [InlineData("AVNE-23HJ-KMX\u212A")] // Kelvin sign, case-folds to K in some matchers
    public void Rejects_malformed_codes(string? input)
    {
        Assert.False(InviteCodes.TryNormalize(input, out var code));
        Assert.Equal("", code);
    }
}
