using Org.BouncyCastle.X509;

namespace TlsNotebooks.X509;

/// <summary>A certificate with the key pair whose public half it certifies.</summary>
public sealed class IssuedCertificate
{
    public IssuedCertificate(X509Certificate certificate, CertificateKey key)
    {
        Certificate = certificate;
        Key = key;
    }

    public X509Certificate Certificate { get; }

    public CertificateKey Key { get; }

    public byte[] ToDer() => Certificate.GetEncoded();

    public string ToPem() => Pem.WriteCertificate(Certificate);

    public override string ToString() =>
        $"{Certificate.SubjectDN} (serial {Certificate.SerialNumber.ToString(16)})";
}
