using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;
using TlsNotebooks.X509;

namespace TlsNotebooks.Notebook.Exercises;

/// <summary>
/// The data and exercises of notebooks 04-x509-certificates and 05-chains-and-revocation.
/// </summary>
public static class X509Lesson
{
    /// <summary>The host name the lesson's server certificates are issued for.</summary>
    public const string Host = "www.example.test";

    /// <summary>
    /// The moment notebook 04's certificates are made, fixed so that a seeded run gives the
    /// same bytes every time (and the prose can point at them).
    /// </summary>
    public static DateTimeOffset Now { get; } = new(2026, 9, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly Lazy<(CertificateAuthority Root, IssuedCertificate Leaf)> s_rsa =
        new(BuildRsaExample);

    private static readonly Lazy<ExerciseChain> s_mystery = new(() =>
        BuildChain("05.2", ica: new IssueOptions { Faults = CertificateFaults.NoKeyCertSign }));

    private static readonly Lazy<ExerciseChain> s_window = new(() =>
    {
        var now = DateTimeOffset.UtcNow;
        return BuildChain("05.1",
            root: new IssueOptions { NotBefore = now.AddYears(-3) },
            ica: new IssueOptions { NotBefore = now.AddDays(-400), NotAfter = now.AddDays(90) },
            leaf: new IssueOptions { NotBefore = now.AddDays(-30), NotAfter = now.AddDays(365) });
    });

    private static readonly Lazy<ExerciseChain> s_revocation = new(() => BuildChain("05.3"));

    /// <summary>
    /// A random generator that gives the same numbers every run for the same
    /// <paramref name="seed"/>: same keys, same serials, same signatures. Teaching only: a key
    /// anyone can regenerate is no secret.
    /// </summary>
    public static SecureRandom SeededRandom(string seed)
    {
        var random = SecureRandom.GetInstance("SHA256PRNG", false);
        random.SetSeed(Encoding.UTF8.GetBytes("TLS Notebooks X.509 lesson: " + seed));
        return random;
    }

    /// <summary>A root with an RSA-2048 key, for notebook 04's PKCS#1 v1.5 walk-through.</summary>
    public static CertificateAuthority RsaRoot => s_rsa.Value.Root;

    /// <summary>A server certificate (ECDSA key) that <see cref="RsaRoot"/> signed.</summary>
    public static IssuedCertificate RsaSignedLeaf => s_rsa.Value.Leaf;

    /// <summary>Exercise 05.2: a chain with one deliberate mistake in the intermediate.</summary>
    public static ExerciseChain MysteryChain => s_mystery.Value;

    /// <summary>Exercise 05.1: a chain whose intermediate expires before the leaf.</summary>
    public static ExerciseChain WindowChain => s_window.Value;

    /// <summary>Exercise 05.3: a good chain whose leaf the student revokes.</summary>
    public static ExerciseChain RevocationChain => s_revocation.Value;

    /// <summary>
    /// A copy of <paramref name="der"/> with the byte at <paramref name="offset"/> changed
    /// (XOR with <paramref name="mask"/>).
    /// </summary>
    public static byte[] Tamper(byte[] der, int offset, byte mask = 0x01)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(offset, der.Length);
        var copy = (byte[])der.Clone();
        copy[offset] ^= mask;
        return copy;
    }

    /// <summary>Where <paramref name="ascii"/> first occurs in <paramref name="der"/>.</summary>
    public static int IndexOf(byte[] der, string ascii) =>
        der.AsSpan().IndexOf(Encoding.ASCII.GetBytes(ascii));

    /// <summary>
    /// Signs <paramref name="message"/> with RSASSA-PSS (SHA-256, 32-byte salt) and returns
    /// s^e mod n, the value "decrypting with the public key" would give: a masked encoding
    /// that ends in 0xBC and holds no readable hash (RFC 8017 §9.1.1).
    /// </summary>
    public static byte[] PssEncodedMessage(CertificateKey rsaKey, byte[] message)
    {
        if (rsaKey.PublicKey is not RsaKeyParameters rsa)
        {
            throw new ArgumentException("PSS needs an RSA key.", nameof(rsaKey));
        }

        var signer = SignerUtilities.GetSigner("SHA256WITHRSAANDMGF1");
        signer.Init(true, rsaKey.PrivateKey);
        signer.BlockUpdate(message, 0, message.Length);
        var signature = new BigInteger(1, signer.GenerateSignature());
        var m = signature.ModPow(rsa.Exponent, rsa.Modulus).ToByteArrayUnsigned();
        var k = (rsa.Modulus.BitLength + 7) / 8;
        var em = new byte[k];
        m.CopyTo(em, k - m.Length);
        return em;
    }

    /// <summary>
    /// The size in bytes of a CRL listing <paramref name="revoked"/> certificates (random
    /// 16-byte serials, a reason code each), signed by <paramref name="authority"/>.
    /// </summary>
    public static int CrlSize(
        CertificateAuthority authority,
        int revoked,
        SecureRandom? random = null)
    {
        random ??= new SecureRandom();
        var now = DateTime.UtcNow;
        var generator = new X509V2CrlGenerator();
        generator.SetIssuerDN(authority.Certificate.SubjectDN);
        generator.SetThisUpdate(now);
        generator.SetNextUpdate(now.AddDays(7));
        for (var i = 0; i < revoked; i++)
        {
            generator.AddCrlEntry(new BigInteger(1, RandomBytes(random, 16)), now,
                (int)RevocationReason.KeyCompromise);
        }

        generator.AddExtension(X509Extensions.CrlNumber, false, new CrlNumber(BigInteger.One));
        var crl = generator.Generate(new Asn1SignatureFactory(
            authority.Key.SignatureAlgorithm, authority.Key.PrivateKey, random));
        return crl.GetEncoded().Length;
    }

    /// <summary>
    /// What <c>openssl x509 -noout -text</c> prints for <paramref name="certificate"/>: a
    /// second, independent reader of the bytes our library wrote. The PEM goes to a temporary
    /// folder that is deleted afterwards.
    /// </summary>
    public static string OpenSslText(X509Certificate certificate)
    {
        var folder = Directory.CreateTempSubdirectory("tlsnb-x509-").FullName;
        try
        {
            var path = Path.Combine(folder, "certificate.pem");
            File.WriteAllText(path, Pem.WriteCertificate(certificate));
            using var process = System.Diagnostics.Process.Start(
                new System.Diagnostics.ProcessStartInfo("openssl")
                {
                    ArgumentList = { "x509", "-in", path, "-noout", "-text" },
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                    UseShellExecute = false,
                }) ?? throw new InvalidOperationException("openssl did not start.");
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(10_000))
            {
                process.Kill();
                return "openssl did not answer within 10 s.";
            }

            return process.ExitCode == 0 ? output.Result : "openssl failed: " + error.Result;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "openssl is not installed on this machine.";
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The exercises of notebook 04.</summary>
    public static IReadOnlyList<Exercise> Exercises04 { get; } =
    [
        Exercise.Define<string[]>(
            "04.2",
            "name the fields the issuer's signature covers",
            points: 1,
            hint: "The signature is computed over tbsCertificate: list the fields that sit "
                + "inside it, as the fields table names them (version, serialNumber, ...).",
            CheckSignedFields),
        Exercise.Define<byte[]>(
            "04.1",
            "recover the hash from an RSA signature",
            points: 2,
            hint: "Compute m = s^e mod n with the root's public key; the hash is the last "
                + "32 bytes of the encoded message, after the padding and the DigestInfo header.",
            CheckRecoveredHash),
        Exercise.Define<PathValidationFailure>(
            "04.3",
            "say which rule stops a leaf acting as a CA",
            points: 1,
            hint: "Look at the extensions that tell a CA certificate from an end-entity one, "
                + "and at the trace's failing line.",
            CheckLeafAsCa),
    ];

    /// <summary>The exercises of notebook 05.</summary>
    public static IReadOnlyList<Exercise> Exercises05 { get; } =
    [
        Exercise.Define<PathValidationFailure>(
            "05.2",
            "say which check fails for the mystery chain",
            points: 1,
            hint: "Read the intermediate's extensions in its fields table: what must a "
                + "certificate that signs other certificates say?",
            answer => answer == PathValidationFailure.MissingKeyCertSign
                ? null
                : answer switch
                {
                    PathValidationFailure.None =>
                        "The chain is not valid: one check on it fails.",
                    PathValidationFailure.NotCa =>
                        "basicConstraints is fine here: the intermediate says cA TRUE.",
                    PathValidationFailure.BadSignature =>
                        "Every signature in this chain verifies.",
                    PathValidationFailure.Expired or PathValidationFailure.NotYetValid =>
                        "Every certificate of this chain is within its validity period.",
                    PathValidationFailure.NoPathToTrustAnchor =>
                        "The path is found: the names chain up to the trust anchor.",
                    _ => $"{answer} is not the check that fails for this chain.",
                }),
        Exercise.Define<int>(
            "05.1",
            "find how many days the whole chain is valid",
            points: 2,
            hint: "A path is valid only while every certificate on it is: start at the "
                + "latest notBefore and stop at the earliest notAfter.",
            CheckWindow),
        Exercise.Define<ValidationResult>(
            "05.3",
            "revoke the leaf and see the validator notice",
            points: 2,
            hint: "Revoke the leaf in the intermediate that issued it, issue a new CRL from "
                + "that intermediate, and pass the CRL in ValidationOptions.Crls.",
            CheckRevocation),
    ];

    private static string? CheckSignedFields(string[] answer)
    {
        string[] signed =
            ["version", "serialNumber", "signature", "issuer", "validity", "subject",
             "subjectPublicKeyInfo", "extensions"];
        var given = answer.Select(a => a.Trim()).Where(a => a.Length > 0)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (given.Contains("signatureValue"))
        {
            return "signatureValue cannot be among them: a signature cannot cover itself.";
        }

        if (given.Contains("signatureAlgorithm"))
        {
            return "The outer signatureAlgorithm sits after tbsCertificate, outside what is "
                + "signed (its copy inside tbsCertificate has another name).";
        }

        var unknown = given.Where(g => !signed.Contains(g, StringComparer.OrdinalIgnoreCase))
            .ToList();
        if (unknown.Count > 0)
        {
            return $"Not a top-level field of tbsCertificate: {string.Join(", ", unknown)}.";
        }

        var missing = signed.Count(s => !given.Contains(s));
        return missing == 0
            ? null
            : $"{missing} of the signed fields are missing from your list.";
    }

    private static string? CheckRecoveredHash(byte[] answer)
    {
        var tbs = RsaSignedLeaf.Certificate.GetTbsCertificate();
        var hash = SHA256.HashData(tbs);
        if (answer.AsSpan().SequenceEqual(hash))
        {
            return null;
        }

        if (answer.AsSpan().SequenceEqual(SHA256.HashData(RsaSignedLeaf.ToDer())))
        {
            return "That is the hash of the whole certificate, signature included; the "
                + "signature covers tbsCertificate only.";
        }

        return answer.Length switch
        {
            256 or 255 => "That is the whole encoded message (padding and all); the hash is "
                + "only its end.",
            51 or 52 => "That is the DigestInfo: the hash follows its 19-byte header.",
            32 => "32 bytes is the right length, but not the hash inside this signature.",
            _ => $"{answer.Length} bytes cannot be a SHA-256 hash, which has 32.",
        };
    }

    private static string? CheckLeafAsCa(PathValidationFailure answer) => answer switch
    {
        PathValidationFailure.NotCa => null,
        PathValidationFailure.None =>
            "The validator refuses this chain: one check fails.",
        PathValidationFailure.BadSignature =>
            "The signature is genuine: the leaf's private key really made it.",
        PathValidationFailure.NoPathToTrustAnchor =>
            "A path is found: the forged certificate names the leaf as issuer, and the leaf "
            + "chains to the root.",
        PathValidationFailure.MissingKeyCertSign =>
            "keyUsage would also object, but the validator stops at an earlier rule first.",
        PathValidationFailure.HostNameMismatch =>
            "The host name matches: the forged certificate carries the name asked for.",
        _ => $"{answer} is not the rule that rejects this chain.",
    };

    private static string? CheckWindow(int answer)
    {
        var periods = CertificateInspector.Validity(WindowChain.Path);
        var start = periods.Max(p => p.NotBefore);
        var end = periods.Min(p => p.NotAfter);
        var days = (int)Math.Floor((end - start).TotalDays);
        if (answer == days)
        {
            return null;
        }

        var leaf = WindowChain.Leaf.Certificate;
        var leafDays = (int)Math.Floor((leaf.NotAfter - leaf.NotBefore).TotalDays);
        var ica = WindowChain.Intermediate.Certificate;
        var icaDays = (int)Math.Floor((ica.NotAfter - ica.NotBefore).TotalDays);
        var fromNow = (int)Math.Floor((end - DateTimeOffset.UtcNow).TotalDays);
        if (answer == leafDays)
        {
            return "That is the leaf's own validity period; the other certificates of the "
                + "path must be valid at the same time.";
        }

        if (answer == icaDays)
        {
            return "That is the intermediate's own validity period; the leaf did not exist "
                + "for all of it.";
        }

        if (Math.Abs(answer - fromNow) <= 1)
        {
            return "That counts from today; the question asks for the whole window, from "
                + "its first day.";
        }

        return answer < 0
            ? "A number of days cannot be negative: check the order of the subtraction."
            : $"{answer} days is not the window in which all three are valid.";
    }

    private static string? CheckRevocation(ValidationResult answer)
    {
        if (answer.Path.Count == 0
            || !answer.Path[0].Equals(RevocationChain.Leaf.Certificate))
        {
            return "This result is not about X509Lesson.RevocationChain's leaf.";
        }

        return answer.Failure switch
        {
            PathValidationFailure.Revoked when answer.RevocationReason
                == RevocationReason.KeyCompromise => null,
            PathValidationFailure.Revoked =>
                $"Revoked, but with reason {answer.RevocationReason}: the exercise says why "
                + "the leaf must go.",
            PathValidationFailure.None =>
                "The validator still accepts the leaf: it saw no CRL that lists it. Was the "
                + "CRL issued after the revocation, and passed in the options?",
            PathValidationFailure.InvalidCrl =>
                "The validator rejected the CRL itself: it must come from the leaf's issuer.",
            _ => $"The validation failed for another reason ({answer.Failure}: "
                + $"{answer.Reason}).",
        };
    }

    private static (CertificateAuthority, IssuedCertificate) BuildRsaExample()
    {
        var random = SeededRandom("rsa");
        var root = CertificateAuthority.CreateRoot("Notebook RSA Root CA",
            new IssueOptions { KeyAlgorithm = KeyAlgorithm.Rsa2048, Now = Now }, random);
        var leaf = root.IssueServer([Host], null, new IssueOptions { Now = Now });
        return (root, leaf);
    }

    private static ExerciseChain BuildChain(
        string seed,
        IssueOptions? root = null,
        IssueOptions? ica = null,
        IssueOptions? leaf = null)
    {
        var authority = CertificateAuthority.CreateRoot($"Exercise {seed} Root CA", root,
            SeededRandom(seed));
        var intermediate = authority.IssueIntermediate($"Exercise {seed} Intermediate CA", 0, ica);
        var server = intermediate.IssueServer([Host], null, leaf);
        return new ExerciseChain(authority, intermediate, server);
    }

    private static byte[] RandomBytes(SecureRandom random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        bytes[0] = (byte)((bytes[0] & 0x7F) | 0x01);
        return bytes;
    }
}

/// <summary>A root, an intermediate and a server certificate for an exercise.</summary>
public sealed record ExerciseChain(
    CertificateAuthority Root,
    CertificateAuthority Intermediate,
    IssuedCertificate Leaf)
{
    /// <summary>The path, end-entity first and root last.</summary>
    public IReadOnlyList<X509Certificate> Path =>
        [Leaf.Certificate, Intermediate.Certificate, Root.Certificate];

    /// <summary>A validator that trusts <see cref="Root"/>.</summary>
    public PathValidator Validator => new([Root.Certificate]);

    public override string ToString() => string.Join(" <- ", Path.Select(c => c.SubjectDN));
}
