using System.Text;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.OpenSsl;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.X509;

namespace TlsNotebooks.X509;

/// <summary>
/// PEM (RFC 7468) and DER in and out for certificates, CRLs and private keys. Every reader
/// turns bad input into a <see cref="CertificateFormatException"/> that says what is wrong.
/// </summary>
public static class Pem
{
    private const int MaxPemCharacters = 4 * 1024 * 1024;

    public static string WriteCertificate(X509Certificate certificate) =>
        Write("CERTIFICATE", certificate.GetEncoded());

    public static string WriteCrl(X509Crl crl) => Write("X509 CRL", crl.GetEncoded());

    public static string WritePrivateKey(AsymmetricKeyParameter privateKey) =>
        Write("PRIVATE KEY", PrivateKeyInfoFactory.CreatePrivateKeyInfo(privateKey).GetEncoded());

    /// <summary>Encodes DER bytes as one PEM block with the given label (RFC 7468 §2).</summary>
    public static string Write(string label, byte[] der)
    {
        var base64 = Convert.ToBase64String(der);
        var text = new StringBuilder();
        text.Append("-----BEGIN ").Append(label).Append("-----\n");
        for (var i = 0; i < base64.Length; i += 64)
        {
            text.Append(base64, i, Math.Min(64, base64.Length - i)).Append('\n');
        }

        text.Append("-----END ").Append(label).Append("-----\n");
        return text.ToString();
    }

    /// <summary>
    /// The DER contents of every PEM block with the given label, in order. Text outside the
    /// blocks is ignored, as RFC 7468 §2 allows.
    /// </summary>
    public static IReadOnlyList<byte[]> ReadBlocks(string pem, string label)
    {
        ArgumentNullException.ThrowIfNull(pem);
        if (pem.Length > MaxPemCharacters)
        {
            throw new CertificateFormatException("PEM text is larger than 4 MiB.");
        }

        var begin = "-----BEGIN " + label + "-----";
        var end = "-----END " + label + "-----";
        var blocks = new List<byte[]>();
        var position = 0;
        while (true)
        {
            var start = pem.IndexOf(begin, position, StringComparison.Ordinal);
            if (start < 0)
            {
                break;
            }

            var bodyStart = start + begin.Length;
            var stop = pem.IndexOf(end, bodyStart, StringComparison.Ordinal);
            if (stop < 0)
            {
                throw new CertificateFormatException(
                    $"PEM block '{label}' has a BEGIN line but no END line (RFC 7468 §2).");
            }

            var body = pem[bodyStart..stop];
            try
            {
                blocks.Add(Convert.FromBase64String(body.Trim()));
            }
            catch (FormatException e)
            {
                throw new CertificateFormatException(
                    $"PEM block '{label}' is not valid base64 (RFC 7468 §3).", e);
            }

            position = stop + end.Length;
        }

        return blocks;
    }

    /// <summary>The first certificate in PEM text.</summary>
    public static X509Certificate ReadCertificate(string pem)
    {
        var all = ReadCertificates(pem);
        return all.Count > 0
            ? all[0]
            : throw new CertificateFormatException(
                "No '-----BEGIN CERTIFICATE-----' block found.");
    }

    /// <summary>Every certificate in PEM text (a chain file), in order.</summary>
    public static IReadOnlyList<X509Certificate> ReadCertificates(string pem) =>
        ReadBlocks(pem, "CERTIFICATE").Select(Der.ReadCertificate).ToList();

    /// <summary>Every CRL in PEM text, in order.</summary>
    public static IReadOnlyList<X509Crl> ReadCrls(string pem) =>
        ReadBlocks(pem, "X509 CRL").Select(Der.ReadCrl).ToList();

    /// <summary>
    /// A private key in PKCS#8, PKCS#1 ("RSA PRIVATE KEY") or SEC 1 ("EC PRIVATE KEY").
    /// </summary>
    public static AsymmetricKeyParameter ReadPrivateKey(string pem)
    {
        try
        {
            using var reader = new StringReader(pem);
            var value = new PemReader(reader).ReadObject();
            return value switch
            {
                AsymmetricCipherKeyPair pair => pair.Private,
                AsymmetricKeyParameter { IsPrivate: true } key => key,
                _ => throw new CertificateFormatException("The PEM text holds no private key."),
            };
        }
        catch (Exception e) when (e is not CertificateFormatException && IsParseFailure(e))
        {
            throw new CertificateFormatException("The private key PEM cannot be parsed.", e);
        }
    }

    internal static bool IsParseFailure(Exception e) =>
        e is not (OutOfMemoryException or StackOverflowException or ThreadAbortException);
}

/// <summary>DER bytes in and out for certificates and CRLs.</summary>
public static class Der
{
    /// <summary>
    /// Parses one DER certificate. The outer SEQUENCE must fill the buffer exactly: trailing
    /// bytes or a length that overruns are refused before BouncyCastle sees them.
    /// </summary>
    public static X509Certificate ReadCertificate(byte[] der)
    {
        CheckOuterSequence(der, "Certificate");
        try
        {
            var certificate = new X509CertificateParser().ReadCertificate(der)
                ?? throw new CertificateFormatException("No certificate in the DER bytes.");
            RequireDistinguishedEncoding(der, certificate.GetEncoded(), "Certificate");
            return certificate;
        }
        catch (Exception e) when (e is not CertificateFormatException && Pem.IsParseFailure(e))
        {
            throw new CertificateFormatException(
                "Not a valid X.509 Certificate (RFC 5280 §4.1): " + e.Message, e);
        }
    }

    /// <summary>Parses one DER CRL (RFC 5280 §5.1), with the same outer checks.</summary>
    public static X509Crl ReadCrl(byte[] der)
    {
        CheckOuterSequence(der, "CertificateList");
        try
        {
            var crl = new X509CrlParser().ReadCrl(der)
                ?? throw new CertificateFormatException("No CRL in the DER bytes.");
            RequireDistinguishedEncoding(der, crl.GetEncoded(), "CertificateList");
            return crl;
        }
        catch (Exception e) when (e is not CertificateFormatException && Pem.IsParseFailure(e))
        {
            throw new CertificateFormatException(
                "Not a valid CertificateList (RFC 5280 §5.1): " + e.Message, e);
        }
    }

    /// <summary>Reads a certificate file that is either PEM or DER.</summary>
    public static X509Certificate ReadCertificateFile(string path)
    {
        var bytes = File.ReadAllBytes(path);
        return bytes.Length > 0 && bytes[0] == 0x30
            ? ReadCertificate(bytes)
            : Pem.ReadCertificate(Encoding.ASCII.GetString(bytes));
    }

    /// <summary>Reads a CRL file that is either PEM or DER.</summary>
    public static X509Crl ReadCrlFile(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length > 0 && bytes[0] == 0x30)
        {
            return ReadCrl(bytes);
        }

        var crls = Pem.ReadCrls(Encoding.ASCII.GetString(bytes));
        return crls.Count > 0
            ? crls[0]
            : throw new CertificateFormatException("No '-----BEGIN X509 CRL-----' block found.");
    }

    // BouncyCastle accepts BER (a TRUE of 0x01, long-form lengths) and re-encodes it as DER,
    // and it verifies signatures over that re-encoding. A signature is over the bytes as
    // sent, so anything that is not already DER (X.690 §10) is refused here.
    private static void RequireDistinguishedEncoding(byte[] input, byte[] reencoded, string what)
    {
        if (!input.AsSpan().SequenceEqual(reencoded))
        {
            var at = 0;
            while (at < input.Length && at < reencoded.Length && input[at] == reencoded[at])
            {
                at++;
            }

            throw new CertificateFormatException(
                $"The {what} is not in DER (X.690 §10): re-encoding it changes byte {at}, so " +
                "its signature would cover different bytes than were sent.");
        }
    }

    private static void CheckOuterSequence(byte[] der, string what)
    {
        ArgumentNullException.ThrowIfNull(der);
        var outer = DerElement.Read(der, 0, der.Length);
        if (outer.Tag != 0x30)
        {
            throw new CertificateFormatException(
                $"A {what} is a SEQUENCE (tag 0x30); found tag 0x{outer.Tag:X2}.");
        }

        if (outer.Whole.Length != der.Length)
        {
            throw new CertificateFormatException(
                $"{der.Length - outer.Whole.Length} bytes follow the {what} SEQUENCE.");
        }
    }
}
