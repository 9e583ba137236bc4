using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using TlsNotebooks.Presentation;

namespace TlsNotebooks.Notebook;

/// <summary>The trust stores of the machine: how many roots each holds.</summary>
public static class TrustStores
{
    /// <summary>The bundle Debian and Ubuntu build from the ca-certificates package.</summary>
    public const string DebianBundle = "/etc/ssl/certs/ca-certificates.crt";

    /// <summary>Counts the roots in the stores this machine has; missing stores say so.</summary>
    public static X509FieldTable Describe()
    {
        var fields = new List<Field>();
        fields.Add(File.Exists(DebianBundle)
            ? new Field(DebianBundle, $"{CountPem(File.ReadAllText(DebianBundle))} certificates",
                "the file OpenSSL, curl and most Linux programs read")
            : new Field(DebianBundle, "not present", "this machine keeps its roots elsewhere"));
        foreach (var location in new[] { StoreLocation.LocalMachine, StoreLocation.CurrentUser })
        {
            fields.Add(new Field($".NET X509Store Root ({location})", StoreCount(location),
                location == StoreLocation.LocalMachine
                    ? "what X509Chain trusts by default"
                    : "roots added for this user only"));
        }

        return new X509FieldTable("Trust stores on this machine", fields);
    }

    /// <summary>
    /// The roots of <see cref="DebianBundle"/> as certificates a <c>PathValidator</c> can
    /// trust; empty when the file is missing. A root that does not parse is left out.
    /// </summary>
    public static IReadOnlyList<Org.BouncyCastle.X509.X509Certificate> LoadBundle(
        string path = DebianBundle)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        var roots = new List<Org.BouncyCastle.X509.X509Certificate>();
        var text = File.ReadAllText(path);
        foreach (var block in TlsNotebooks.X509.Pem.ReadBlocks(text, "CERTIFICATE"))
        {
            try
            {
                roots.Add(TlsNotebooks.X509.Der.ReadCertificate(block));
            }
            catch (TlsNotebooks.X509.CertificateFormatException)
            {
                // A root our strict parser refuses cannot anchor a path here anyway.
            }
        }

        return roots;
    }

    /// <summary>The certificates in the .NET Root store of <paramref name="location"/>.</summary>
    public static int RootCount(StoreLocation location)
    {
        using var store = new X509Store(StoreName.Root, location);
        store.Open(OpenFlags.ReadOnly | OpenFlags.OpenExistingOnly);
        return store.Certificates.Count;
    }

    /// <summary>The number of PEM certificate blocks in <paramref name="pem"/>.</summary>
    public static int CountPem(string pem)
    {
        var count = 0;
        var at = 0;
        while ((at = pem.IndexOf("-----BEGIN CERTIFICATE-----", at, StringComparison.Ordinal)) >= 0)
        {
            count++;
            at++;
        }

        return count;
    }

    private static string StoreCount(StoreLocation location)
    {
        try
        {
            return $"{RootCount(location)} certificates";
        }
        catch (Exception e) when (e is CryptographicException or PlatformNotSupportedException)
        {
            return "not available: " + e.Message;
        }
    }
}
