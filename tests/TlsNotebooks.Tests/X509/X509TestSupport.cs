using System.Collections.Concurrent;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;
using TlsNotebooks.X509;

namespace TlsNotebooks.Tests.X509;

/// <summary>
/// Keys made once per test run (RSA key generation takes a second or so each).
/// </summary>
internal static class TestKeys
{
    private static readonly ConcurrentDictionary<string, CertificateKey> s_keys = new();

    /// <summary>A key for the given role, the same object every time in this run.</summary>
    public static CertificateKey For(
        string role,
        KeyAlgorithm algorithm = KeyAlgorithm.EcdsaP256) =>
        s_keys.GetOrAdd(role + "/" + algorithm, _ => CertificateKey.Generate(algorithm));

    public static IssueOptions Options(
        string role,
        KeyAlgorithm algorithm = KeyAlgorithm.EcdsaP256,
        CertificateFaults faults = CertificateFaults.None) =>
        new() { Key = For(role, algorithm), Now = Clock.Now, Faults = faults };
}

/// <summary>The fixed "now" the X.509 tests issue and validate at.</summary>
internal static class Clock
{
    public static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public static long UnixSeconds => Now.ToUnixTimeSeconds();
}

/// <summary>A temporary folder of PEM files for command-line tools, deleted on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = Directory.CreateTempSubdirectory("tlsnb-x509-").FullName;
    }

    public string Path { get; }

    public string Write(string name, params X509Certificate[] certificates)
    {
        var file = System.IO.Path.Combine(Path, name);
        File.WriteAllText(file, string.Concat(certificates.Select(Pem.WriteCertificate)));
        return file;
    }

    public string Write(string name, IEnumerable<X509Crl> crls)
    {
        var file = System.IO.Path.Combine(Path, name);
        File.WriteAllText(file, string.Concat(crls.Select(Pem.WriteCrl)));
        return file;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
