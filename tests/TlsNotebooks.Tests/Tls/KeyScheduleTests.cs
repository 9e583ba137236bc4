using System.Security.Cryptography;
using System.Text.Json;
using TlsNotebooks.Tls.Crypto;

namespace TlsNotebooks.Tests.Tls;

/// <summary>
/// Known answers for the TLS 1.2 PRF and the key schedule, from tls12-prf/tls12_prf_vectors.json
/// (the IETF TLS list vectors as kept by rustls, and values computed with `openssl kdf TLS1-PRF`).
/// </summary>
public class KeyScheduleTests
{
    private static readonly JsonElement Vectors = JsonDocument.Parse(
        File.ReadAllText(TestData.PathTo("tls12-prf", "tls12_prf_vectors.json"))).RootElement;

    public static TheoryData<int> MailingListCases() => new(
        Enumerable.Range(0, Vectors.GetProperty("mailing_list").GetArrayLength()));

    public static TheoryData<int> UsageCases() => new(
        Enumerable.Range(0, Vectors.GetProperty("tls_usage").GetArrayLength()));

    [Theory]
    [MemberData(nameof(MailingListCases))]
    public void Prf_matches_ietf_mailing_list_vector(int index)
    {
        var v = Vectors.GetProperty("mailing_list")[index];
        var hash = new HashAlgorithmName(v.GetProperty("hash").GetString()!.Replace("-", ""));

        var output = TlsPrf.Compute(hash, Hex(v, "secret"), v.GetProperty("label").GetString()!,
            Hex(v, "seed"), v.GetProperty("length").GetInt32());

        Assert.Equal(v.GetProperty("output").GetString(), Convert.ToHexStringLower(output));
        var binary = File.ReadAllBytes(
            TestData.PathTo("tls12-prf", $"prf-result.{index + 1}.bin"));
        Assert.Equal(binary, output);
    }

    [Theory]
    [MemberData(nameof(UsageCases))]
    public void Key_schedule_step_matches_openssl_kdf(int index)
    {
        var v = Vectors.GetProperty("tls_usage")[index];
        var secret = Hex(v, "secret");
        var seed = Hex(v, "seed");
        var label = v.GetProperty("label").GetString()!;

        // Each use goes through the KeySchedule method a handshake calls, not the bare PRF.
        var output = label switch
        {
            "master secret" => KeySchedule.MasterSecret(secret, seed[..32], seed[32..]),
            "extended master secret" => KeySchedule.ExtendedMasterSecret(secret, seed),
            "key expansion" => KeySchedule.KeyBlock(secret, seed[32..], seed[..32]),
            "client finished" => KeySchedule.VerifyData(secret, true, seed),
            "server finished" => KeySchedule.VerifyData(secret, false, seed),
            _ => throw new InvalidOperationException("unknown use " + label),
        };

        Assert.Equal(v.GetProperty("output").GetString(), Convert.ToHexStringLower(output));
        Assert.Equal(v.GetProperty("length").GetInt32(), output.Length);
    }

    [Fact]
    public void Key_expansion_cuts_key_block_in_rfc_order()
    {
        var v = Vectors.GetProperty("tls_usage")[2];
        var seed = Hex(v, "seed");
        var block = Hex(v, "output");

        var keys = KeySchedule.ExpandKeys(Hex(v, "secret"), seed[32..], seed[..32]);

        Assert.Equal(block[..16], keys.ClientWriteKey);
        Assert.Equal(block[16..32], keys.ServerWriteKey);
        Assert.Equal(block[32..36], keys.ClientWriteIv);
        Assert.Equal(block[36..40], keys.ServerWriteIv);
    }

    [Fact]
    public void Ffdhe2048_prime_matches_rfc7919_test_data()
    {
        var path = TestData.PathTo("ffdh", "ffdh_vectors.json");
        var group = JsonDocument.Parse(File.ReadAllText(path))
            .RootElement.GetProperty("groups").EnumerateArray()
            .Single(g => g.GetProperty("name").GetString() == "ffdhe2048");

        Assert.Equal(group.GetProperty("p").GetString()!.ToLowerInvariant(),
            Convert.ToHexStringLower(TlsNotebooks.Tls.Internal.DheMath.ToBytes(
                TlsNotebooks.DiffieHellman.DhGroups.Ffdhe2048.P)));
    }

    private static byte[] Hex(JsonElement v, string name) =>
        Convert.FromHexString(v.GetProperty(name).GetString()!);
}
