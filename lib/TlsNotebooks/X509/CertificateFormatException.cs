namespace TlsNotebooks.X509;

/// <summary>
/// Bytes that are not a well-formed certificate, CRL or PEM block. The message names the rule
/// that was broken (for example the DER length rules of X.690 §8.1.3).
/// </summary>
public sealed class CertificateFormatException : FormatException
{
    public CertificateFormatException(string message)
        : base(message)
    {
    }

    public CertificateFormatException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
