using System.Numerics;
using System.Security.Cryptography;

namespace TlsNotebooks.DiffieHellman.Attacks;

/// <summary>
/// ATTACK simulation: Mallory sits on the wire between Alice and Bob during a Diffie-Hellman
/// exchange. Without authentication she runs one exchange with each and reads everything;
/// once Bob signs what he sends with a key Alice already trusts, Alice notices.
/// </summary>
/// <remarks>
/// The signed variant previews TLS 1.2's ServerKeyExchange (RFC 5246 §7.4.3), where the
/// server signs its DH values together with both hellos' randoms using the key of its
/// certificate. Here Bob signs the two public values he saw, with an ECDSA P-256 key
/// (SHA-256) whose public half Alice is assumed to have received beforehand, as a certificate
/// would give it to her.
/// </remarks>
public static class ManInTheMiddle
{
    /// <summary>Plays one exchange with Mallory in the middle.</summary>
    /// <param name="group">The group Alice and Bob agreed on.</param>
    /// <param name="bobSignsHisValue">True to let Bob sign (A as he saw it, B).</param>
    /// <param name="random">A seeded source for reproducible numbers, or null.</param>
    /// <param name="malloryInterferes">
    /// False for the control experiment: Mallory only listens and forwards.
    /// </param>
    public static ManInTheMiddleOutcome Run(
        DhGroup group,
        bool bobSignsHisValue,
        Random? random = null,
        bool malloryInterferes = true)
    {
        ArgumentNullException.ThrowIfNull(group);
        var transcript = new List<string>();
        var alice = DhKeyPair.Generate(group, random);
        var bob = DhKeyPair.Generate(group, random);
        var malloryToBob = DhKeyPair.Generate(group, random);
        var malloryToAlice = DhKeyPair.Generate(group, random);

        // Alice -> (Mallory) -> Bob: Mallory keeps A and forwards her own value instead.
        transcript.Add($"Alice sends A = {Short(alice.PublicValue)}");
        transcript.Add(malloryInterferes
            ? $"Mallory intercepts A and sends Bob her own M1 = {Short(malloryToBob.PublicValue)}"
            : "Mallory only listens: A reaches Bob unchanged");
        var bobReceived = malloryInterferes ? malloryToBob.PublicValue : alice.PublicValue;

        // Bob -> (Mallory) -> Alice, with Bob's signature over what he saw when he signs.
        transcript.Add($"Bob sends B = {Short(bob.PublicValue)}");
        transcript.Add(malloryInterferes
            ? $"Mallory intercepts B and sends Alice her own M2 = "
                + $"{Short(malloryToAlice.PublicValue)}"
            : "Mallory only listens: B reaches Alice unchanged");
        var aliceReceived = malloryInterferes ? malloryToAlice.PublicValue : bob.PublicValue;

        bool? signatureValid = null;
        if (bobSignsHisValue)
        {
            using var bobKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var signature = bobKey.SignData(
                SignedBytes(group, bobReceived, bob.PublicValue), HashAlgorithmName.SHA256);
            transcript.Add("Bob signs (the value he received, B) with his trusted key");

            // Mallory can forward Bob's signature, but it covers M1 and B, not A and M2, and
            // she cannot sign (A, M2) without Bob's private key.
            signatureValid = bobKey.VerifyData(
                SignedBytes(group, alice.PublicValue, aliceReceived),
                signature,
                HashAlgorithmName.SHA256);
            transcript.Add(signatureValid.Value
                ? "Alice checks the signature over (A, what she received): valid"
                : "Alice checks the signature over (A, what she received): INVALID, she aborts");
        }

        var aliceSecret = signatureValid == false ? null : alice.Agree(aliceReceived);
        var bobSecret = bob.Agree(bobReceived);
        var mallorySecretWithAlice = malloryToAlice.Agree(alice.PublicValue);
        var mallorySecretWithBob = malloryToBob.Agree(bob.PublicValue);

        var malloryReadsAlice = aliceSecret is not null
            && aliceSecret.Value == mallorySecretWithAlice.Value;
        var malloryReadsBob = bobSecret.Value == mallorySecretWithBob.Value;
        transcript.Add(malloryReadsAlice
            ? "Alice's secret equals Mallory's secret with Alice: Mallory reads what Alice sends"
            : "Alice has no secret with Mallory: the exchange stopped");
        transcript.Add((malloryReadsBob, signatureValid) switch
        {
            (true, false) =>
                "Bob shares a secret with Mallory, but Alice has aborted: nothing follows",
            (true, _) =>
                "Bob's secret equals Mallory's secret with Bob: Mallory reads what Bob sends",
            _ => "Bob's secret differs from Mallory's",
        });

        return new ManInTheMiddleOutcome(
            alice.PublicValue,
            bobReceived,
            bob.PublicValue,
            aliceReceived,
            aliceSecret,
            bobSecret,
            mallorySecretWithAlice,
            mallorySecretWithBob,
            signatureValid,
            malloryReadsAlice && malloryReadsBob,
            transcript);
    }

    private static byte[] SignedBytes(DhGroup group, BigInteger first, BigInteger second) =>
        [
            .. DhEncoding.ToPaddedBytes(first, group.ByteLength),
            .. DhEncoding.ToPaddedBytes(second, group.ByteLength),
        ];

    private static string Short(BigInteger value)
    {
        var text = value.ToString();
        return text.Length <= 24 ? text : $"{text[..10]}...{text[^10..]} ({text.Length} digits)";
    }
}

/// <summary>What happened in one run of <see cref="ManInTheMiddle.Run"/>.</summary>
/// <param name="AliceSent">A, Alice's public value.</param>
/// <param name="BobReceived">What reached Bob: Mallory's M1, not A.</param>
/// <param name="BobSent">B, Bob's public value.</param>
/// <param name="AliceReceived">What reached Alice: Mallory's M2, not B.</param>
/// <param name="AliceSecret">Alice's secret, or null when she aborted.</param>
/// <param name="BobSecret">Bob's secret (shared with Mallory, not Alice).</param>
/// <param name="MallorySecretWithAlice">The secret Mallory computes from A.</param>
/// <param name="MallorySecretWithBob">The secret Mallory computes from B.</param>
/// <param name="SignatureValid">Alice's signature check, or null when Bob did not sign.</param>
/// <param name="MalloryReadsEverything">True when both of Mallory's secrets are in use.</param>
/// <param name="Transcript">The story, one line per step, for a notebook cell.</param>
public sealed record ManInTheMiddleOutcome(
    BigInteger AliceSent,
    BigInteger BobReceived,
    BigInteger BobSent,
    BigInteger AliceReceived,
    DhSharedSecret? AliceSecret,
    DhSharedSecret BobSecret,
    DhSharedSecret MallorySecretWithAlice,
    DhSharedSecret MallorySecretWithBob,
    bool? SignatureValid,
    bool MalloryReadsEverything,
    IReadOnlyList<string> Transcript)
{
    /// <summary>The transcript, one step per line.</summary>
    public override string ToString() => string.Join(Environment.NewLine, Transcript);
}
