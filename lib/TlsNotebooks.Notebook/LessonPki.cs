using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Prng;
using Org.BouncyCastle.Security;
using TlsNotebooks.Tls;
using TlsNotebooks.X509;

namespace TlsNotebooks.Notebook;

/// <summary>
/// A small PKI for the handshake notebook, made with the project's certificate authority:
/// a root (the trust anchor), an RSA server certificate for "localhost" and 127.0.0.1, and
/// the root's CRL (empty: nothing is revoked), so that clients check the server with the
/// project's path validator, revocation included.
/// Seeded, with fixed dates and a fixed server key (<see cref="LessonKeys"/>), so that the
/// same name gives the very same certificates on every run and the notebook's bytes do not
/// change. The PEM files are written to a temp folder for <c>openssl s_server</c>.
/// </summary>
/// <remarks>
/// Teaching only: a key derived from a public seed is no secret at all.
/// </remarks>
public sealed class LessonPki
{
    private static readonly ConcurrentDictionary<string, Lazy<LessonPki>> s_cache = new();

    // Fixed dates: the certificates must not change from run to run (the notebook points at
    // their bytes), yet stay valid for as long as anyone is likely to run the notebook.
    private static readonly DateTimeOffset s_notBefore = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset s_notAfter = new(2045, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly Org.BouncyCastle.X509.X509Certificate _anchor;

    private LessonPki(string name)
    {
        Name = name;
        var random = SeededRandom(name);
        var dates = new IssueOptions { NotBefore = s_notBefore, NotAfter = s_notAfter };
        var root = CertificateAuthority.CreateRoot($"{name} Root CA", dates, random);
        var server = root.IssueServer(
            ["localhost"],
            [IPAddress.Loopback],
            dates with { Key = ServerKey(name) });

        Folder = Directory.CreateTempSubdirectory("tls-notebook-pki-").FullName;

        // The files serve the whole kernel session (openssl reads them); they go with it.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => DeleteFolder(Folder);
        RootPemPath = Path.Combine(Folder, "root.pem");
        ServerPemPath = Path.Combine(Folder, "server.pem");
        ServerKeyPath = Path.Combine(Folder, "server.key");
        File.WriteAllText(RootPemPath, root.Issued.ToPem());
        File.WriteAllText(ServerPemPath, server.ToPem());
        File.WriteAllText(ServerKeyPath, server.Key.ToPem());

        Root = X509CertificateLoader.LoadCertificate(root.Issued.ToDer());
        ServerCredential = TlsCredential.FromPemFiles(ServerPemPath, ServerKeyPath);
        _anchor = root.Certificate;

        // A week of validity is longer than any kernel session that made it.
        RootCrl = root.IssueCrl(nextUpdate: DateTimeOffset.UtcNow.AddDays(7));
    }

    /// <summary>The name the PKI was made from; the same name gives the same PKI.</summary>
    public string Name { get; }

    /// <summary>The trust anchor: the self-signed root certificate.</summary>
    public X509Certificate2 Root { get; }

    /// <summary>The server's certificate and its RSA private key.</summary>
    public TlsCredential ServerCredential { get; }

    /// <summary>The server certificate alone.</summary>
    public X509Certificate2 ServerCertificate => ServerCredential.Certificate;

    /// <summary>The root's certificate revocation list (RFC 5280 §5); it lists nobody.</summary>
    public Org.BouncyCastle.X509.X509Crl RootCrl { get; }

    /// <summary>
    /// A new verifier that trusts this PKI's root and nothing else: the project's own path
    /// validator (RFC 5280 §6, notebook 05) with the host name and the root's CRL.
    /// </summary>
    public PathValidatorCertificateVerifier Verifier => new([_anchor], () => [RootCrl]);

    /// <summary>The temp folder with root.pem, server.pem and server.key.</summary>
    public string Folder { get; }

    public string RootPemPath { get; }

    public string ServerPemPath { get; }

    public string ServerKeyPath { get; }

    /// <summary>
    /// The PKI for this name, made once per process. "Mallory" gets a key of her own; every
    /// other name shares the lesson's server key under a root of its own.
    /// </summary>
    public static LessonPki Create(string name = "TLS Notebooks Lesson") =>
        s_cache.GetOrAdd(name, n => new Lazy<LessonPki>(() => new LessonPki(n))).Value;

    /// <summary>
    /// "Leaks" the server's RSA private key, as a break-in or a subpoena would, for the
    /// forward-secrecy experiment.
    /// </summary>
    public RSA LeakServerPrivateKey() => ServerCredential.Certificate.GetRSAPrivateKey()!;

    public override string ToString() =>
        $"{Name}: root \"{Root.Subject}\", server \"{ServerCertificate.Subject}\"";

    /// <summary>
    /// One of two fixed RSA keys: "Mallory" gets her own, every other name the lesson's.
    /// </summary>
    private static CertificateKey ServerKey(string name)
    {
        var pem = name == "Mallory" ? LessonKeys.Mallory : LessonKeys.Lesson;
        var secret = (RsaPrivateCrtKeyParameters)X509.Pem.ReadPrivateKey(pem);
        var pub = new RsaKeyParameters(false, secret.Modulus, secret.PublicExponent);
        return CertificateKey.FromKeyPair(new AsymmetricCipherKeyPair(pub, secret));
    }

    private static void DeleteFolder(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder left behind is harmless.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static SecureRandom SeededRandom(string seed)
    {
        var generator = new DigestRandomGenerator(new Sha256Digest());
        generator.AddSeedMaterial(System.Text.Encoding.UTF8.GetBytes(seed));
        return new SecureRandom(generator);
    }
}
