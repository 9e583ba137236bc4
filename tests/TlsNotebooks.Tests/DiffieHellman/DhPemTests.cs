using System.Numerics;
using TlsNotebooks.DiffieHellman;

namespace TlsNotebooks.Tests.DiffieHellman;

/// <summary>Round trip, truncation and random-bytes tests of the parameter parser.</summary>
public class DhPemTests
{
    [Fact]
    public void ExportThenParse_GivesTheSameGroups()
    {
        foreach (var group in DhGroups.All)
        {
            Assert.Same(group, DhPem.ParseParameters(DhPem.ExportParameters(group)));
        }

        var custom = DhGroups.Teaching.Smooth128;
        var parsed = DhPem.ParseParameters(DhPem.ExportParameters(custom), "again");
        Assert.Equal(custom.P, parsed.P);
        Assert.Equal(custom.G, parsed.G);
        Assert.Equal("again", parsed.Name);
    }

    [Fact]
    public void ParseParametersDer_RefusesEveryTruncation()
    {
        var der = Convert.FromBase64String(
            string.Concat(DhPem.ExportParameters(DhGroups.Ffdhe2048)
                .Split('\n')
                .Where(line => !line.StartsWith("-----", StringComparison.Ordinal))));
        Assert.Same(DhGroups.Ffdhe2048, DhPem.ParseParametersDer(der));

        for (var length = 0; length < der.Length; length++)
        {
            var prefix = der[..length];
            Assert.ThrowsAny<FormatException>(() => DhPem.ParseParametersDer(prefix));
        }

        // Trailing bytes after the SEQUENCE are refused too.
        Assert.ThrowsAny<FormatException>(() => DhPem.ParseParametersDer([.. der, 0]));
    }

    [Fact]
    public void ParseParametersDer_RandomBytesFailCleanly()
    {
        var random = new Random(2024);
        for (var i = 0; i < 2000; i++)
        {
            var bytes = new byte[random.Next(0, 40)];
            random.NextBytes(bytes);
            if (i % 2 == 0 && bytes.Length > 2)
            {
                // Half the time, a plausible SEQUENCE header with random content.
                bytes[0] = 0x30;
                bytes[1] = (byte)(bytes.Length - 2);
            }

            try
            {
                var group = DhPem.ParseParametersDer(bytes);
                Assert.True(group.P > 3 && !group.P.IsEven);
            }
            catch (FormatException)
            {
            }
            catch (ArgumentException)
            {
            }
        }
    }

    [Fact]
    public void ParsePublicKey_ReadsWhatExportWrites()
    {
        var keyPair = DhKeyPair.Generate(DhGroups.Ffdhe2048, new Random(9));
        var pem = DhPem.ExportPublicKey(DhGroups.Ffdhe2048, keyPair.PublicValue);

        Assert.Equal(keyPair.PublicValue, DhPem.ParsePublicKey(pem));
        Assert.Throws<FormatException>(() => DhPem.ParsePublicKey(
            DhPem.ExportParameters(DhGroups.Ffdhe2048).Replace(
                "DH PARAMETERS", "PUBLIC KEY", StringComparison.Ordinal)));
    }

    [Fact]
    public void ParseParameters_SkipsOtherPemBlocks()
    {
        var text = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"
            + DhPem.ExportParameters(DhGroups.Ffdhe3072);

        Assert.Same(DhGroups.Ffdhe3072, DhPem.ParseParameters(text));
        Assert.Equal(new BigInteger(2), DhPem.ParseParameters(text).G);
    }
}
