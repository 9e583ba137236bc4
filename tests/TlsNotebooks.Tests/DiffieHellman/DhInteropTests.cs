using System.Numerics;
using Org.BouncyCastle.Crypto.Agreement;
using Org.BouncyCastle.Crypto.Parameters;
using TlsNotebooks.DiffieHellman;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;

namespace TlsNotebooks.Tests.DiffieHellman;

/// <summary>Shared secrets agree with BouncyCastle's and OpenSSL's for ffdhe2048.</summary>
public class DhInteropTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Agree_MatchesBouncyCastleDhBasicAgreement(int seed)
    {
        var group = DhGroups.Ffdhe2048;
        var alice = DhKeyPair.Generate(group, new Random(seed));
        var bob = DhKeyPair.Generate(group, new Random(seed + 100));
        var parameters = new DHParameters(Bc(group.P), Bc(group.G), Bc(group.Q!.Value));

        var agreement = new DHBasicAgreement();
        agreement.Init(new DHPrivateKeyParameters(Bc(alice.PrivateExponent), parameters));
        var theirs = agreement.CalculateAgreement(
            new DHPublicKeyParameters(Bc(bob.PublicValue), parameters));

        var ours = alice.Agree(bob.PublicValue);
        Assert.Equal(theirs.ToByteArrayUnsigned(), ours.ToTls12PremasterSecret());
        Assert.Equal(ours.Value, bob.Agree(alice.PublicValue).Value);
    }

    [Fact]
    public void Agree_MatchesOpenSslPkeyutlDerive()
    {
        var group = DhGroups.Ffdhe2048;
        var alice = DhKeyPair.Generate(group, new Random(7));
        var bob = DhKeyPair.Generate(group, new Random(8));
        var directory = Directory.CreateTempSubdirectory("dh-interop-");
        try
        {
            var aliceKey = Path.Combine(directory.FullName, "alice.key");
            var bobPublic = Path.Combine(directory.FullName, "bob.pub");
            var secret = Path.Combine(directory.FullName, "z.bin");
            File.WriteAllText(aliceKey, DhPem.ExportPrivateKey(alice));
            File.WriteAllText(bobPublic, DhPem.ExportPublicKey(group, bob.PublicValue));

            OpenSsl.Succeed("pkeyutl", "-derive", "-inkey", aliceKey, "-peerkey", bobPublic,
                "-out", secret);

            // OpenSSL 3.0's derive strips leading zero bytes, as TLS 1.2 does.
            var fromOpenSsl = File.ReadAllBytes(secret);
            Assert.Equal(alice.Agree(bob.PublicValue).ToTls12PremasterSecret(), fromOpenSsl);

            // And OpenSSL reads our public key back to the same number.
            var alicePublic = OpenSsl.Succeed("pkey", "-in", aliceKey, "-pubout");
            Assert.Equal(alice.PublicValue, DhPem.ParsePublicKey(alicePublic));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void ExportParameters_IsReadByOpenSslAsFfdhe2048()
    {
        var directory = Directory.CreateTempSubdirectory("dh-params-");
        try
        {
            var file = Path.Combine(directory.FullName, "params.pem");
            File.WriteAllText(file, DhPem.ExportParameters(DhGroups.Ffdhe2048));

            var text = OpenSsl.Succeed("pkeyparam", "-in", file, "-text", "-noout");

            Assert.Contains("ffdhe2048", text);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void ParseParameters_ReadsAFreshOpenSslGroupThatIsNotNamed()
    {
        // A 512-bit group made on the spot: too small for use, quick to generate.
        var pem = OpenSsl.Succeed("genpkey", "-genparam", "-algorithm", "DH",
            "-pkeyopt", "dh_paramgen_prime_len:512", "-pkeyopt", "dh_paramgen_type:0");

        var group = DhPem.ParseParameters(pem, "fresh");

        Assert.Equal("fresh", group.Name);
        Assert.Equal(512, group.Bits);
        var pair = DhKeyPair.Generate(group, new Random(1));
        var other = DhKeyPair.Generate(group, new Random(2));
        Assert.Equal(
            pair.Agree(other.PublicValue, DhValidation.RangeOnly).Value,
            other.Agree(pair.PublicValue, DhValidation.RangeOnly).Value);
    }

    [Fact]
    public void ParseParameters_ReadsX942ParametersWithASmallSubgroup()
    {
        // RFC 5114 §2.2: a 2048-bit prime whose g has a 224-bit prime order q, so the subgroup
        // check must exponentiate (q is far from (p - 1) / 2).
        var pem = OpenSsl.Succeed("genpkey", "-genparam", "-algorithm", "DHX",
            "-pkeyopt", "dh_rfc5114:2");
        Assert.Contains("X9.42 DH PARAMETERS", pem);

        var group = DhPem.ParseParameters(pem, "rfc5114-2048-224");

        Assert.Equal(2048, group.Bits);
        Assert.Equal(224, (int)group.Q!.Value.GetBitLength());
        var alice = DhKeyPair.Generate(group, new Random(1));
        var bob = DhKeyPair.Generate(group, new Random(2));
        Assert.InRange(alice.PrivateExponent.GetBitLength(), 2, 224);
        Assert.Equal(alice.Agree(bob.PublicValue).Value, bob.Agree(alice.PublicValue).Value);

        // 3 is in range; its order is almost surely not q, and full validation says so.
        Assert.False(BigInteger.ModPow(3, group.Q.Value, group.P).IsOne);
        var e = Assert.Throws<DhValidationException>(() => alice.Agree(3));
        Assert.Equal(DhPublicValueRule.NotInSubgroup, e.Rule);
        Assert.Equal(
            BigInteger.ModPow(3, alice.PrivateExponent, group.P),
            alice.Agree(3, DhValidation.RangeOnly).Value);
    }

    private static BcBigInteger Bc(BigInteger value) =>
        new(1, value.ToByteArray(isUnsigned: true, isBigEndian: true));
}
