using Microsoft.DotNet.Interactive.Formatting;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;
using TlsNotebooks.X509;

namespace TlsNotebooks.Notebook;

/// <summary>
/// Short forms for the X.509 types a cell of notebooks 04 and 05 may end with. Without them
/// the kernel lists every property of a BouncyCastle object, pages of it.
/// </summary>
internal static class X509Formatters
{
    public static void Register()
    {
        Text<CertificateAuthority>(ca =>
            $"{ca} (CA certificate serial {ca.Certificate.SerialNumber.ToString(16)})");
        Text<IssuedCertificate>(issued => issued.ToString());
        Text<X509Certificate>(Summary);
        Text<X509Name>(name => name.ToString());
        Text<X509Crl>(crl => X509Views.Crl(crl).ToString());
        Text<CertificateLayout>(layout => layout.ToString());
        Text<SignatureVerification>(verification => verification.ToString());
        Text<ValidationResult>(result => result.ToString());
        Text<CrlFetchResult>(fetch => fetch.ToString());
        Text<Exercises.ExerciseChain>(chain => chain.ToString());
    }

    /// <summary>One line about a certificate: who, by whom, serial, when.</summary>
    public static string Summary(X509Certificate certificate) =>
        $"Certificate {certificate.SubjectDN}, issued by {certificate.IssuerDN}, serial " +
        $"{certificate.SerialNumber.ToString(16)}, " +
        $"valid {certificate.NotBefore.ToUniversalTime():u}" +
        $" .. {certificate.NotAfter.ToUniversalTime():u}";

    private static void Text<T>(Func<T, string> describe)
    {
        Formatter.Register<T>((value, writer) =>
            writer.Write("<pre style=\"white-space:pre-wrap\">" + Html.Encode(describe(value)) +
                "</pre>"), "text/html");
        Formatter.Register<T>((value, writer) => writer.Write(describe(value)), "text/plain");
    }
}
