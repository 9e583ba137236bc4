using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Nist;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.X509;

namespace TlsNotebooks.X509;

/// <summary>One step of checking a signature by hand.</summary>
public sealed record SignatureStep(string Title, string Explanation, string? Value = null)
{
    public override string ToString() =>
        Value is null ? $"{Title}: {Explanation}" : $"{Title}: {Explanation}\n    {Value}";

    /// <summary>The steps one per line, numbered from 1.</summary>
    internal static string Numbered(IEnumerable<SignatureStep> steps) =>
        string.Join("\n", steps.Select((s, i) => $"{i + 1}. {s}"));
}

/// <summary>
/// The record of a signature checked step by step. For RSA PKCS#1 v1.5 it keeps the encoded
/// message recovered with the public key and the DigestInfo inside it.
/// </summary>
public sealed record SignatureVerification(
    string Algorithm,
    bool IsValid,
    IReadOnlyList<SignatureStep> Steps,
    byte[] TbsHash,
    byte[]? EncodedMessage = null,
    byte[]? DigestInfo = null,
    byte[]? RecoveredHash = null)
{
    public override string ToString() =>
        $"{Algorithm}: {(IsValid ? "valid" : "INVALID")}\n" + SignatureStep.Numbered(Steps);
}

/// <summary>
/// The record of an RSA PKCS#1 v1.5 signature made step by step: the encoded message the
/// private key is applied to, and the signature that comes out.
/// </summary>
public sealed record SignatureSigning(
    string Algorithm,
    IReadOnlyList<SignatureStep> Steps,
    byte[] EncodedMessage,
    byte[] Signature)
{
    public override string ToString() =>
        $"{Algorithm}: signed\n" + SignatureStep.Numbered(Steps);
}

/// <summary>
/// Verifies a certificate's signature the long way, returning every intermediate value, so a
/// reader can see what "checking the signature" means for RSA and for ECDSA; and makes an RSA
/// signature the same way, for the other direction.
/// </summary>
/// <remarks>
/// Teaching code: the arithmetic is not constant-time. Do not use it for secrets.
/// </remarks>
public static class SignatureWalkthrough
{
    /// <summary>
    /// Checks <paramref name="certificate"/>'s signature with its issuer's public key.
    /// </summary>
    public static SignatureVerification Verify(
        X509Certificate certificate,
        X509Certificate issuer) =>
        Verify(certificate, issuer.GetPublicKey());

    public static SignatureVerification Verify(
        X509Certificate certificate,
        AsymmetricKeyParameter issuerKey)
    {
        try
        {
            return VerifyParsed(certificate, issuerKey);
        }
        catch (Exception e) when (Pem.IsParseFailure(e))
        {
            // Parsing is lazy: a broken signature BIT STRING shows up only when read.
            return new(certificate.SigAlgOid, false,
                [new("Read the certificate", "It does not parse far enough to check: " +
                    e.Message)], []);
        }
    }

    /// <summary>
    /// Signs <paramref name="toBeSigned"/> the long way with RSASSA-PKCS1-v1_5 and SHA-256
    /// (RFC 8017 §8.2.1): hash, wrap the hash in a DigestInfo, pad it to the size of the
    /// modulus, and raise it to the private exponent d modulo n. The scheme has no
    /// randomness, so signing a certificate's tbsCertificate again with its issuer's key gives
    /// exactly the certificate's signatureValue.
    /// </summary>
    public static SignatureSigning SignRsaPkcs1(byte[] toBeSigned, RsaKeyParameters privateKey)
    {
        if (!privateKey.IsPrivate)
        {
            throw new ArgumentException(
                "Signing needs the private key (the exponent d); this is a public key.",
                nameof(privateKey));
        }

        var hash = SHA256.HashData(toBeSigned);
        var digestInfo = new DigestInfo(
            new AlgorithmIdentifier(NistObjectIdentifiers.IdSha256, DerNull.Instance), hash)
            .GetEncoded(Asn1Encodable.Der);

        // EMSA-PKCS1-v1_5 (RFC 8017 §9.2 step 5): EM = 00 01 PS 00 T, PS the FF bytes that
        // make EM exactly as long as the modulus.
        var k = (privateKey.Modulus.BitLength + 7) / 8;
        var em = new byte[k];
        em[1] = 0x01;
        em.AsSpan(2, k - digestInfo.Length - 3).Fill(0xFF);
        digestInfo.CopyTo(em, k - digestInfo.Length);

        // RSASP1 (RFC 8017 §5.2.1): s = m^d mod n. Not constant-time: teaching code.
        var m = new BigInteger(1, em);
        var signature = ToFixedLength(m.ModPow(privateKey.Exponent, privateKey.Modulus), k);
        SignatureStep[] steps =
        [
            new("Take the to-be-signed bytes",
                "The issuer signs the DER of tbsCertificate (RFC 5280 §4.1.1.1).",
                $"{toBeSigned.Length} bytes, starting " +
                $"{CertificateInspector.Hex(toBeSigned[..Math.Min(16, toBeSigned.Length)])}…"),
            new("Hash them with SHA-256", "What gets signed is this digest.",
                CertificateInspector.Hex(hash)),
            new("Wrap the hash in a DigestInfo",
                "DigestInfo ::= SEQUENCE { digestAlgorithm sha256, digest OCTET STRING } names " +
                "the hash, so it cannot be swapped for a weaker one (RFC 8017 §9.2 step 2).",
                CertificateInspector.Hex(digestInfo)),
            new("Pad it to the size of the modulus",
                $"EM = 00 01, then {k - digestInfo.Length - 3} × FF, then 00, then the " +
                $"DigestInfo: {k} bytes, as long as n (RFC 8017 §9.2 step 5).",
                CertificateInspector.Hex(em)),
            new("Raise it to d modulo n",
                "s = m^d mod n with the private exponent d (RFC 8017 §5.2.1). Only the holder " +
                "of d can compute this; anybody can undo it with e.",
                CertificateInspector.Hex(signature)),
        ];
        return new("sha256WithRSAEncryption", steps, em, signature);
    }

    private static SignatureVerification VerifyParsed(
        X509Certificate certificate,
        AsymmetricKeyParameter issuerKey)
    {
        var tbs = certificate.GetTbsCertificate();
        var signature = certificate.GetSignature();
        var oid = certificate.SigAlgOid;
        var steps = new List<SignatureStep>
        {
            new("Take the to-be-signed bytes",
                "The issuer signed the DER of tbsCertificate: every field except the " +
                "signature itself (RFC 5280 §4.1.1.1).",
                $"{tbs.Length} bytes, starting " +
                $"{CertificateInspector.Hex(tbs[..Math.Min(16, tbs.Length)])}…"),
        };

        // RFC 5280 §4.1.1.2: the outer signatureAlgorithm must equal the signature field
        // inside tbsCertificate, or an attacker could relabel the algorithm.
        var inner = certificate.CertificateStructure.TbsCertificate.Signature;
        var outer = certificate.CertificateStructure.SignatureAlgorithm;
        if (!inner.Equals(outer))
        {
            steps.Add(new("Compare the algorithm identifiers",
                "signatureAlgorithm differs from tbsCertificate.signature (RFC 5280 §4.1.1.2)."));
            return new(oid, false, steps, []);
        }

        var hashName = SignatureAlgorithms.Hash(oid);
        if (hashName is null)
        {
            steps.Add(new("Pick the hash", $"Signature algorithm {oid} is not supported here."));
            return new(oid, false, steps, []);
        }

        if (oid == "1.2.840.113549.1.1.10")
        {
            return VerifyPss(certificate, issuerKey, steps);
        }

        var hash = HashData(hashName, tbs);
        steps.Add(new($"Hash them with {hashName}",
            "The signature covers this digest, not the bytes themselves.",
            CertificateInspector.Hex(hash)));

        return issuerKey switch
        {
            RsaKeyParameters rsa => VerifyRsa(SignatureAlgorithms.Name(oid)!, hashName, hash,
                signature, rsa, steps),
            ECPublicKeyParameters ec => VerifyEcdsa(SignatureAlgorithms.Name(oid)!, hash,
                signature, ec, steps),
            _ => new(oid, false, [.. steps, new("Apply the issuer's key",
                "The issuer's key type does not match the signature algorithm.")], hash),
        };
    }

    private static SignatureVerification VerifyRsa(
        string algorithm,
        string hashName,
        byte[] hash,
        byte[] signature,
        RsaKeyParameters key,
        List<SignatureStep> steps)
    {
        // RFC 8017 §8.2.2 and §9.2 (EMSA-PKCS1-v1_5).
        var k = (key.Modulus.BitLength + 7) / 8;
        var s = new BigInteger(1, signature);
        if (signature.Length != k || s.CompareTo(key.Modulus) >= 0)
        {
            steps.Add(new("Check the signature's size",
                $"The signature must be {k} bytes and less than n (RFC 8017 §8.2.2 step 1)."));
            return new(algorithm, false, steps, hash);
        }

        var m = s.ModPow(key.Exponent, key.Modulus);
        var em = ToFixedLength(m, k);
        steps.Add(new("Raise the signature to e modulo n",
            $"m = s^e mod n with e = {key.Exponent}. For textbook RSA this undoes the " +
            "issuer's s = m^d mod n, which is why RSA verification is often called " +
            "'decrypting with the public key'.",
            CertificateInspector.Hex(em)));

        // EM = 0x00 || 0x01 || PS (at least eight 0xFF) || 0x00 || DigestInfo
        var index = 2;
        while (index < em.Length && em[index] == 0xFF)
        {
            index++;
        }

        var paddingOk = em[0] == 0x00 && em[1] == 0x01 && index - 2 >= 8
            && index < em.Length && em[index] == 0x00;
        steps.Add(new("Check the padding",
            "EM must be 00 01, then at least eight FF bytes, then 00 (RFC 8017 §9.2 step 5): " +
            (paddingOk ? $"found 00 01, {index - 2} × FF, 00." : "it is not."),
            paddingOk ? CertificateInspector.Hex(em[..(index + 1)]) : null));
        if (!paddingOk)
        {
            return new(algorithm, false, steps, hash, em);
        }

        var digestInfo = em[(index + 1)..];
        byte[]? recovered = null;
        string digestAlgorithm = "unreadable";
        try
        {
            var info = DigestInfo.GetInstance(Asn1Object.FromByteArray(digestInfo));
            recovered = info.Digest.GetOctets();
            digestAlgorithm = info.DigestAlgorithm.Algorithm.Id;
        }
        catch (Exception e) when (Pem.IsParseFailure(e))
        {
        }

        steps.Add(new("Read the DigestInfo after the padding",
            "DigestInfo ::= SEQUENCE { digestAlgorithm " + digestAlgorithm +
            ", digest OCTET STRING }" +
            " (RFC 8017 §9.2 step 2).",
            CertificateInspector.Hex(digestInfo)));

        // Compare the whole encoding with the one we build ourselves, not just the digest:
        // parsing leniently is how Bleichenbacher's 2006 forgery of e = 3 signatures worked.
        var expected = new DigestInfo(new AlgorithmIdentifier(HashOid(hashName), DerNull.Instance),
            hash).GetEncoded(Asn1Encodable.Der);
        var valid = recovered is not null && digestInfo.AsSpan().SequenceEqual(expected);
        steps.Add(new("Compare with our own hash",
            valid
                ? "The digest inside equals the hash we computed, and the encoding is exactly " +
                  "the one we would build: the signature is valid."
                : "The recovered DigestInfo is not the one we build from our hash: the " +
                  "signature is invalid (or the certificate was changed after signing).",
            recovered is null ? null : CertificateInspector.Hex(recovered)));
        return new(algorithm, valid, steps, hash, em, digestInfo, recovered);
    }

    private static SignatureVerification VerifyEcdsa(
        string algorithm,
        byte[] hash,
        byte[] signature,
        ECPublicKeyParameters key,
        List<SignatureStep> steps)
    {
        steps.Add(new("Note: nothing is decrypted",
            "An ECDSA signature is a pair (r, s), not a value you can 'decrypt' with the " +
            "public key. The verifier recomputes a curve point from the hash, (r, s) and " +
            "the public key Q, and checks that its x-coordinate equals r (SEC 1 §4.1.4)."));

        BigInteger r, s;
        try
        {
            var sequence = Asn1Sequence.GetInstance(Asn1Object.FromByteArray(signature));
            r = DerInteger.GetInstance(sequence[0]).PositiveValue;
            s = DerInteger.GetInstance(sequence[1]).PositiveValue;
        }
        catch (Exception failure) when (Pem.IsParseFailure(failure))
        {
            steps.Add(new("Read (r, s)",
                "The signature is not Ecdsa-Sig-Value (RFC 5480 §2.2)."));
            return new(algorithm, false, steps, hash);
        }

        var n = key.Parameters.N;
        steps.Add(new("Read (r, s)", "Ecdsa-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }",
            $"r = {r.ToString(16)}\n    s = {s.ToString(16)}"));
        if (r.SignValue <= 0 || s.SignValue <= 0 || r.CompareTo(n) >= 0 || s.CompareTo(n) >= 0)
        {
            steps.Add(new("Check the range", "r and s must lie in [1, n-1]."));
            return new(algorithm, false, steps, hash);
        }

        // e is the leftmost bitlen(n) bits of the hash (SEC 1 §4.1.4 step 3).
        var e = new BigInteger(1, hash);
        if (hash.Length * 8 > n.BitLength)
        {
            e = e.ShiftRight(hash.Length * 8 - n.BitLength);
        }

        var w = s.ModInverse(n);
        var u1 = e.Multiply(w).Mod(n);
        var u2 = r.Multiply(w).Mod(n);
        var point = key.Parameters.G.Multiply(u1).Add(key.Q.Multiply(u2)).Normalize();
        var valid = !point.IsInfinity && point.AffineXCoord.ToBigInteger().Mod(n).Equals(r);
        steps.Add(new("Compute R = (e·s⁻¹)·G + (r·s⁻¹)·Q",
            "u1 = e·s⁻¹ mod n and u2 = r·s⁻¹ mod n; G is the curve's base point.",
            point.IsInfinity ? "R is the point at infinity" :
                $"R.x = {point.AffineXCoord.ToBigInteger().ToString(16)}"));
        steps.Add(new("Compare R.x mod n with r",
            valid ? "They are equal: the signature is valid." :
                "They differ: the signature is invalid."));
        return new(algorithm, valid, steps, hash);
    }

    private static SignatureVerification VerifyPss(
        X509Certificate certificate,
        AsymmetricKeyParameter issuerKey,
        List<SignatureStep> steps)
    {
        steps.Add(new("Note: the picture of 'decryption' stops here",
            "RSASSA-PSS also computes m = s^e mod n, but what comes out is a masked, salted " +
            "encoding (EMSA-PSS, RFC 8017 §9.1): no DigestInfo sits inside it. The verifier " +
            "unmasks it with MGF1, recovers the salt, and recomputes a hash to compare."));
        bool valid;
        try
        {
            valid = certificate.IsSignatureValid(issuerKey);
        }
        catch (Exception e) when (Pem.IsParseFailure(e))
        {
            valid = false;
        }

        steps.Add(new("Run EMSA-PSS verification", valid ? "Valid." : "Invalid."));
        return new("RSASSA-PSS", valid, steps, []);
    }

    private static byte[] HashData(string name, byte[] data) => name switch
    {
        "SHA-256" => SHA256.HashData(data),
        "SHA-384" => SHA384.HashData(data),
        _ => SHA512.HashData(data),
    };

    private static DerObjectIdentifier HashOid(string name) => name switch
    {
        "SHA-256" => NistObjectIdentifiers.IdSha256,
        "SHA-384" => NistObjectIdentifiers.IdSha384,
        _ => NistObjectIdentifiers.IdSha512,
    };

    private static byte[] ToFixedLength(BigInteger value, int length)
    {
        var bytes = value.ToByteArrayUnsigned();
        var result = new byte[length];
        bytes.CopyTo(result, length - bytes.Length);
        return result;
    }
}
