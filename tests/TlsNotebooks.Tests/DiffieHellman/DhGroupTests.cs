using System.Numerics;
using TlsNotebooks.DiffieHellman;

namespace TlsNotebooks.Tests.DiffieHellman;

public class DhGroupTests
{
    [Theory]
    [InlineData(24, 5, "odd prime greater than 3")]
    [InlineData(3, 2, "odd prime greater than 3")]
    [InlineData(-23, 5, "odd prime greater than 3")]
    [InlineData(23, 1, "1 < g < p - 1")]
    [InlineData(23, 22, "1 < g < p - 1")]
    [InlineData(23, 0, "1 < g < p - 1")]
    [InlineData(23, 30, "1 < g < p - 1")]
    public void Constructor_RefusesMalformedParameters(int p, int g, string rule)
    {
        var e = Assert.Throws<ArgumentException>(() => new DhGroup("bad", p, g));
        Assert.Contains(rule, e.Message);
        Assert.Contains("bad", e.Message);
    }

    [Fact]
    public void Constructor_RefusesAnEvenRfcSizedModulusAndSaysWhy()
    {
        var e = Assert.Throws<ArgumentException>(
            () => new DhGroup("even", DhGroups.Ffdhe2048.P + 1, 2));
        Assert.Contains("odd prime", e.Message);
        Assert.Contains("an even 2048-bit number", e.Message);

        var big = Assert.Throws<ArgumentException>(
            () => new DhGroup("g", DhGroups.Ffdhe2048.P, DhGroups.Ffdhe2048.P));
        Assert.Contains("1 < g < p - 1", big.Message);
    }

    [Fact]
    public void Constructor_RefusesAnOrderThatDoesNotFit()
    {
        var notDividing = Assert.Throws<ArgumentException>(() => new DhGroup("bad", 23, 5, q: 7));
        Assert.Contains("divide p - 1", notDividing.Message);

        // 5 is a primitive root mod 23, so its order is 22, not 11.
        var wrongOrder = Assert.Throws<ArgumentException>(() => new DhGroup("bad", 23, 5, q: 11));
        Assert.Contains("g^q mod p must be 1", wrongOrder.Message);

        Assert.Equal(11, new DhGroup("squares", 23, 4, q: 11).Q);
    }

    [Fact]
    public void Constructor_RefusesEvenPInParsedParameters()
    {
        // DHParameter { prime 24, base 5 }, as a hostile parameter file might carry.
        byte[] der = [0x30, 0x06, 0x02, 0x01, 0x18, 0x02, 0x01, 0x05];
        var e = Assert.Throws<ArgumentException>(() => DhPem.ParseParametersDer(der));
        Assert.Contains("odd prime", e.Message);

        Assert.Throws<FormatException>(() => DhPem.ParseParametersDer(der.AsSpan(0, 5)));
        Assert.Throws<FormatException>(() => DhPem.ParseParameters("no PEM here"));
    }

    [Theory]
    [InlineData(6, 15, 8, 19, 2)] // by hand: 5^6 = 15625 = 8 (mod 23), 19^6 = 8^15 = 2
    [InlineData(4, 3, 4, 10, 18)] // the example of the Wikipedia article on the exchange
    public void Classic23_ComputesTheTextbookExchange(
        int a,
        int b,
        int aPublic,
        int bPublic,
        int s)
    {
        var group = DhGroups.Teaching.Classic23;
        var alice = DhKeyPair.FromPrivateExponent(group, a);
        var bob = DhKeyPair.FromPrivateExponent(group, b);

        Assert.Equal(aPublic, alice.PublicValue);
        Assert.Equal(bPublic, bob.PublicValue);
        Assert.Equal(s, alice.Agree(bob.PublicValue).Value);
        Assert.Equal(s, bob.Agree(alice.PublicValue).Value);
        Assert.True(group.IsTeachingOnly);
        Assert.Contains("INSECURE", group.ToString());
    }

    [Theory]
    [InlineData(0, DhPublicValueRule.IsZero)]
    [InlineData(1, DhPublicValueRule.IsOne)]
    [InlineData(22, DhPublicValueRule.IsPMinusOne)]
    [InlineData(23, DhPublicValueRule.NotLessThanP)]
    [InlineData(-5, DhPublicValueRule.Negative)]
    public void FindBrokenRule_NamesEachRangeRule(int y, DhPublicValueRule rule)
    {
        Assert.Equal(rule, DhGroups.Teaching.Classic23.FindBrokenRule(y, DhValidation.Full));
        Assert.Null(DhGroups.Teaching.Classic23.FindBrokenRule(y, DhValidation.NoneForTeaching));
    }

    [Fact]
    public void Agree_WithoutValidationShowsWhyInvalidValuesAreDangerous()
    {
        // Whatever the private exponent, 0, 1 and p - 1 force the secret into {0, 1, p - 1}.
        var group = DhGroups.Ffdhe2048;
        for (var seed = 0; seed < 4; seed++)
        {
            var keyPair = DhKeyPair.Generate(group, new Random(seed));
            Assert.Equal(0, keyPair.Agree(0, DhValidation.NoneForTeaching).Value);
            Assert.Equal(1, keyPair.Agree(1, DhValidation.NoneForTeaching).Value);
            var fromOrderTwo = keyPair.Agree(group.P - 1, DhValidation.NoneForTeaching).Value;
            Assert.Contains(fromOrderTwo, new[] { BigInteger.One, group.P - 1 });
        }
    }

    [Fact]
    public void Agree_RefusesASharedSecretOfOne()
    {
        // The smooth teaching group has no q, so an element of order 17 passes the range check;
        // with a private exponent that is a multiple of 17 the secret is 1.
        var group = DhGroups.Teaching.Smooth64;
        var orderSeventeen = BigInteger.ModPow(group.G, (group.P - 1) / 17, group.P);
        var keyPair = DhKeyPair.FromPrivateExponent(group, 17 * 1000);

        Assert.Null(group.FindBrokenRule(orderSeventeen, DhValidation.Full));
        var e = Assert.Throws<DhValidationException>(() => keyPair.Agree(orderSeventeen));
        Assert.Equal(DhPublicValueRule.SharedSecretIsOne, e.Rule);
        Assert.Contains("SP 800-56A", e.Message);
    }

    [Fact]
    public void Agree_RefusesEncodedValuesLongerThanP()
    {
        var keyPair = DhKeyPair.Generate(DhGroups.Ffdhe2048, new Random(1));
        var tooLong = new byte[257];
        tooLong[^1] = 2;

        var e = Assert.Throws<DhValidationException>(() => keyPair.Agree(tooLong));
        Assert.Equal(DhPublicValueRule.WrongLength, e.Rule);
        Assert.Throws<DhValidationException>(() => keyPair.Agree(ReadOnlySpan<byte>.Empty));
    }

    [Theory]
    [InlineData("ffdhe2048", 225)]
    [InlineData("ffdhe3072", 275)]
    [InlineData("ffdhe4096", 325)]
    [InlineData("modp2048", 225)]
    public void Generate_UsesTheRfc7919ExponentSize(string name, int bits)
    {
        var group = DhGroups.ByName(name);
        Assert.Equal(bits, group.PrivateExponentBits);

        var lengths = Enumerable.Range(0, 40)
            .Select(seed => DhKeyPair.Generate(group, new Random(seed)).PrivateExponent)
            .Select(x => x.GetBitLength())
            .ToList();

        Assert.All(lengths, length => Assert.InRange(length, 2, bits));
        Assert.Contains(lengths, length => length == bits);
    }

    [Fact]
    public void Generate_IsReproducibleWhenSeededAndRandomOtherwise()
    {
        var group = DhGroups.Ffdhe2048;
        Assert.Equal(
            DhKeyPair.Generate(group, new Random(5)).PublicValue,
            DhKeyPair.Generate(group, new Random(5)).PublicValue);
        Assert.NotEqual(
            DhKeyPair.Generate(group).PrivateExponent,
            DhKeyPair.Generate(group).PrivateExponent);
    }

    [Fact]
    public void Generate_StaysInsideTheSubgroupRangeOfSmallGroups()
    {
        var group = DhGroups.Teaching.Classic23;
        var seen = new HashSet<BigInteger>();
        for (var seed = 0; seed < 500; seed++)
        {
            var x = DhKeyPair.Generate(group, new Random(seed)).PrivateExponent;
            Assert.InRange(x, 2, 21);
            seen.Add(x);
        }

        Assert.Equal(20, seen.Count);
    }

    [Fact]
    public void FromPrivateExponent_RefusesOutOfRange()
    {
        var group = DhGroups.Teaching.Classic23;
        Assert.Throws<ArgumentOutOfRangeException>(() => DhKeyPair.FromPrivateExponent(group, 0));
        Assert.Throws<ArgumentOutOfRangeException>(
            () => DhKeyPair.FromPrivateExponent(group, 22));
    }

    [Fact]
    public void PublicValueEncodings_PadOnlyTheRfc7919Form()
    {
        var group = DhGroups.Ffdhe2048;
        var keyPair = DhKeyPair.FromPrivateExponent(group, 1);

        Assert.Equal([2], keyPair.PublicValueBytes());
        var padded = keyPair.PublicValuePadded();
        Assert.Equal(256, padded.Length);
        Assert.Equal(2, padded[^1]);
        Assert.All(padded[..^1], b => Assert.Equal(0, b));
    }

    [Fact]
    public void SubgroupCheck_JacobiShortcutAgreesWithEulersCriterion()
    {
        // The named groups answer y^q = 1 with the Jacobi symbol; a copy built from the same
        // numbers is not trusted to be a safe prime and exponentiates instead.
        var random = new Random(5);
        // The 3072- and 4096-bit groups go through the same code; the ffdh vectors check
        // their accepted and refused values. Full-size exponentiations there are slow.
        var groups = DhGroups.All.Where(g => g.Bits <= 2048).Concat(DhGroups.Teaching.SafePrimes);
        foreach (var named in groups)
        {
            var plain = new DhGroup("copy", named.P, named.G, named.Q);
            var candidates = Enumerable.Range(0, 4)
                .Select(_ => RandomBelow(named.P - 3, random) + 2)
                .Concat([named.P - 2, 3]);
            foreach (var y in candidates)
            {
                var euler = BigInteger.ModPow(y, named.Q!.Value, named.P).IsOne;
                Assert.Equal(euler, named.FindBrokenRule(y, DhValidation.Full) is null);
                Assert.Equal(euler, plain.FindBrokenRule(y, DhValidation.Full) is null);
            }
        }
    }

    [Theory]
    [InlineData(2, 7, 1)]
    [InlineData(3, 7, -1)]
    [InlineData(14, 7, 0)]
    [InlineData(1001, 9907, -1)]
    [InlineData(19, 45, 1)]
    [InlineData(-1, 23, -1)]
    public void Jacobi_MatchesHandComputedSymbols(int a, int n, int expected)
    {
        Assert.Equal(expected, DhArithmetic.Jacobi(a, n));
    }

    public static TheoryData<string> MontgomeryEngines() =>
        System.Runtime.Intrinsics.X86.Avx2.IsSupported ? new("scalar", "avx2") : new("scalar");

    [Theory]
    [MemberData(nameof(MontgomeryEngines))]
    public void Montgomery_AgreesWithTheRuntimeOnRandomOperands(string engine)
    {
        var random = new Random(11);
        var moduli = DhGroups.All.Select(g => g.P).Concat(
        [
            // Odd moduli whose top limb is nearly empty or full, in either engine's limbs.
            (BigInteger.One << 1000) + 12345,
            (BigInteger.One << 1023) - 1,
            (BigInteger.One << 4099) + 1,
            BigInteger.Pow(3, 400),
        ]);

        foreach (var p in moduli)
        {
            MontgomeryModulus modulus = engine == "avx2"
                ? new Avx2MontgomeryModulus(p)
                : new ScalarMontgomeryModulus(p);
            for (var i = 0; i < 4; i++)
            {
                var value = RandomBelow(p, random);
                var exponent = RandomBelow(BigInteger.One << (8 + 100 * i), random);
                Assert.Equal(
                    BigInteger.ModPow(value, exponent, p),
                    modulus.ModPow(value, exponent));
            }

            // Edge values: 0, 1, p - 1, a zero exponent, and a base not yet reduced.
            Assert.Equal(BigInteger.Zero, modulus.ModPow(0, 5));
            Assert.Equal(BigInteger.One, modulus.ModPow(1, 123456789));
            Assert.Equal(BigInteger.One, modulus.ModPow(p - 1, 2));
            Assert.Equal(p - 1, modulus.ModPow(p - 1, 3));
            Assert.Equal(BigInteger.One, modulus.ModPow(7, 0));
            Assert.Equal(
                BigInteger.ModPow(p + 3, 65537, p),
                modulus.ModPow(p + 3, 65537));
        }
    }

    private static BigInteger RandomBelow(BigInteger n, Random random)
    {
        var bytes = new byte[n.GetByteCount(isUnsigned: true) + 8];
        random.NextBytes(bytes);
        return new BigInteger(bytes, isUnsigned: true) % n;
    }
}
