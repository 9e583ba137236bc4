using TlsNotebooks.DiffieHellman;

namespace TlsNotebooks.Tests.DiffieHellman;

/// <summary>Known answers from the shared ffdh vectors (see <see cref="FfdhVectors"/>).</summary>
public class FfdhKnownAnswerTests
{
    // The test data names the MODP groups modp_2048; the library calls them modp2048.
    private static DhGroup LibraryGroup(string vectorName) =>
        DhGroups.ByName(vectorName.Replace("_", "", StringComparison.Ordinal));

    [Theory]
    [MemberData(nameof(FfdhVectors.GroupNames), MemberType = typeof(FfdhVectors))]
    public void NamedGroup_MatchesVectorsAndOpenSslParameterFile(string vectorName)
    {
        var vector = FfdhVectors.Group(vectorName);
        var group = LibraryGroup(vectorName);

        Assert.Equal(FfdhVectors.Hex(vector, "p"), group.P);
        Assert.Equal(FfdhVectors.Hex(vector, "g"), group.G);
        Assert.Equal(FfdhVectors.Hex(vector, "q"), group.Q);
        Assert.Equal(vector.GetProperty("bits").GetInt32(), group.Bits);

        var pem = File.ReadAllText(TestData.PathTo("ffdh", vectorName + ".params.pem"));
        var parsed = DhPem.ParseParameters(pem);
        Assert.Same(group, parsed);
    }

    [Theory]
    [MemberData(nameof(FfdhVectors.AgreementIds), MemberType = typeof(FfdhVectors))]
    public void Agree_BothSidesGiveTheVectorSecret(int tcId)
    {
        var test = FfdhVectors.Test(tcId);
        var group = LibraryGroup(FfdhVectors.GroupNameOf(tcId));
        var alice = DhKeyPair.FromPrivateExponent(group, FfdhVectors.Hex(test, "privateA"));
        var bob = DhKeyPair.FromPrivateExponent(group, FfdhVectors.Hex(test, "privateB"));

        Assert.Equal(FfdhVectors.Hex(test, "publicA"), alice.PublicValue);
        Assert.Equal(FfdhVectors.Hex(test, "publicB"), bob.PublicValue);

        var atAlice = alice.Agree(bob.PublicValueBytes());
        var atBob = bob.Agree(alice.PublicValue);
        Assert.Equal(atAlice.Value, atBob.Value);
        Assert.Equal(FfdhVectors.Bytes(test, "sharedPadded"), atAlice.ToPaddedBytes());
        Assert.Equal(FfdhVectors.Bytes(test, "sharedUnpadded"), atAlice.ToTls12PremasterSecret());
        Assert.Equal(group.ByteLength, atBob.ToPaddedBytes().Length);
    }

    [Fact]
    public void Tls12Encoding_StripsTheLeadingZeroThatRfc7919Keeps()
    {
        // tcId 4 is the vectors' "leading zero byte in Z" case.
        var test = FfdhVectors.Test(4);
        Assert.Contains("leading zero", test.GetProperty("comment").GetString());
        var alice = DhKeyPair.FromPrivateExponent(
            DhGroups.Ffdhe2048, FfdhVectors.Hex(test, "privateA"));

        var secret = alice.Agree(FfdhVectors.Hex(test, "publicB"));

        var padded = secret.ToPaddedBytes();
        var stripped = secret.ToTls12PremasterSecret();
        Assert.Equal(256, padded.Length);
        Assert.Equal(0, padded[0]);
        Assert.True(stripped.Length < 256);
        Assert.NotEqual(0, stripped[0]);
        Assert.Equal(padded.SkipWhile(b => b == 0), stripped);
    }

    [Theory]
    [MemberData(nameof(FfdhVectors.PublicValueIds), MemberType = typeof(FfdhVectors))]
    public void ValidatePublicValue_FollowsTheVectorVerdict(int tcId)
    {
        var test = FfdhVectors.PublicCase(tcId);
        var group = LibraryGroup(FfdhVectors.GroupNameOf(tcId));
        var y = FfdhVectors.Hex(test, "public");
        var comment = test.GetProperty("comment").GetString()!;

        switch (test.GetProperty("result").GetString())
        {
            case "valid":
                Assert.Null(group.FindBrokenRule(y, DhValidation.Full));
                Assert.Null(group.FindBrokenRule(y, DhValidation.RangeOnly));
                break;

            case "acceptable":
                // p - 2 is in range but outside the subgroup: full validation rejects it,
                // the RFC 7919 range check lets it through.
                var full = Assert.Throws<DhValidationException>(
                    () => group.ValidatePublicValue(y, DhValidation.Full));
                Assert.Equal(DhPublicValueRule.NotInSubgroup, full.Rule);
                Assert.Null(group.FindBrokenRule(y, DhValidation.RangeOnly));
                break;

            default:
                var expected = ExpectedRule(comment);
                foreach (var level in new[] { DhValidation.Full, DhValidation.RangeOnly })
                {
                    var e = Assert.Throws<DhValidationException>(
                        () => group.ValidatePublicValue(y, level));
                    Assert.Equal(expected, e.Rule);
                    Assert.Contains(group.Name, e.Message);
                    Assert.Contains("[2, p - 2]", e.Message);
                }

                break;
        }
    }

    [Theory]
    [MemberData(nameof(FfdhVectors.PublicValueIds), MemberType = typeof(FfdhVectors))]
    public void Agree_RefusesEveryInvalidVectorValue(int tcId)
    {
        var test = FfdhVectors.PublicCase(tcId);
        if (test.GetProperty("result").GetString() != "invalid")
        {
            return;
        }

        var group = LibraryGroup(FfdhVectors.GroupNameOf(tcId));
        var keyPair = DhKeyPair.Generate(group, new Random(tcId));
        var y = FfdhVectors.Hex(test, "public");
        var expected = ExpectedRule(test.GetProperty("comment").GetString()!);

        var asNumber = Assert.Throws<DhValidationException>(
            () => keyPair.Agree(y, DhValidation.RangeOnly));
        Assert.Equal(expected, asNumber.Rule);

        // As bytes off the wire, a value longer than p fails on its length before its size.
        var bytes = y.ToByteArray(isUnsigned: true, isBigEndian: true);
        var asBytes = Assert.Throws<DhValidationException>(
            () => keyPair.Agree(bytes, DhValidation.RangeOnly));
        Assert.Equal(
            bytes.Length > group.ByteLength ? DhPublicValueRule.WrongLength : expected,
            asBytes.Rule);
    }

    // The expected reason comes from the vector's own description, not from the library.
    private static DhPublicValueRule ExpectedRule(string comment) => comment switch
    {
        "y = 0" => DhPublicValueRule.IsZero,
        "y = 1" => DhPublicValueRule.IsOne,
        _ when comment.StartsWith("y = p-1", StringComparison.Ordinal) =>
            DhPublicValueRule.IsPMinusOne,
        "y = p" or "y = p+1" => DhPublicValueRule.NotLessThanP,
        _ when comment.StartsWith("y = 2^bits", StringComparison.Ordinal) =>
            DhPublicValueRule.NotLessThanP,
        _ => throw new InvalidOperationException("Unknown vector: " + comment),
    };
}
