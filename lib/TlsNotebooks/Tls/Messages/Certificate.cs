using System.Security.Cryptography.X509Certificates;
using TlsNotebooks.Tls.Wire;

namespace TlsNotebooks.Tls.Messages;

/// <summary>
/// Certificate (RFC 5246 §7.4.2), the sender's chain, its own certificate first.
/// <code>
/// opaque ASN.1Cert&lt;1..2^24-1&gt;;
/// struct { ASN.1Cert certificate_list&lt;0..2^24-1&gt;; } Certificate;
/// </code>
/// The DER bytes are kept as received; decoding them is the verifier's job, so a malformed
/// certificate is reported as bad_certificate rather than as a framing error.
/// </summary>
public sealed class Certificate : HandshakeMessage
{
    public override HandshakeType Type => HandshakeType.Certificate;

    public required IReadOnlyList<byte[]> CertificateList { get; init; }

    /// <summary>Builds the message from loaded certificates.</summary>
    public static Certificate From(IEnumerable<X509Certificate2> chain) =>
        new() { CertificateList = chain.Select(c => c.RawData).ToList() };

    /// <summary>
    /// Decodes the DER certificates; throws bad_certificate if one is malformed.
    /// </summary>
    public IReadOnlyList<X509Certificate2> LoadCertificates()
    {
        try
        {
            return CertificateList.Select(X509CertificateLoader.LoadCertificate).ToList();
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            throw new TlsAlertException(
                AlertDescription.BadCertificate,
                "Certificate: an entry of certificate_list is not a DER X.509 certificate",
                e);
        }
    }

    internal static Certificate ReadBody(TlsReader reader)
    {
        var list = reader.Sub24("certificate_list");
        var certificates = new List<byte[]>();
        while (!list.IsAtEnd)
        {
            certificates.Add(list.ReadVector24("ASN.1Cert", 1));
        }

        return new Certificate { CertificateList = certificates };
    }

    protected override void WriteBody(TlsWriter writer)
    {
        using (writer.Block24("certificate_list"))
        {
            for (var i = 0; i < CertificateList.Count; i++)
            {
                writer.WriteVector24(CertificateList[i], $"ASN.1Cert[{i}]");
            }
        }
    }

    public override IEnumerable<(string Name, string Value)> Fields()
    {
        for (var i = 0; i < CertificateList.Count; i++)
        {
            yield return ($"certificate[{i}]", Describe(CertificateList[i]));
        }
    }

    private static string Describe(byte[] der)
    {
        try
        {
            using var certificate = X509CertificateLoader.LoadCertificate(der);
            return $"{certificate.Subject} (issuer {certificate.Issuer}, {der.Length} bytes)";
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return $"(not a certificate, {der.Length} bytes)";
        }
    }
}
