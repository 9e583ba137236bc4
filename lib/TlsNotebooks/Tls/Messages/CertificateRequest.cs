using System.Security.Cryptography.X509Certificates;
using TlsNotebooks.Tls.Wire;

namespace TlsNotebooks.Tls.Messages;

/// <summary>
/// CertificateRequest (RFC 5246 §7.4.4): the server asks the client to authenticate.
/// <code>
/// struct {
///     ClientCertificateType certificate_types&lt;1..2^8-1&gt;;
///     SignatureAndHashAlgorithm supported_signature_algorithms&lt;2^16-1&gt;;
///     DistinguishedName certificate_authorities&lt;0..2^16-1&gt;;  // opaque &lt;1..2^16-1&gt;
/// } CertificateRequest;
/// </code>
/// </summary>
public sealed class CertificateRequest : HandshakeMessage
{
    public override HandshakeType Type => HandshakeType.CertificateRequest;

    public IReadOnlyList<ClientCertificateType> CertificateTypes { get; init; } =
        [ClientCertificateType.RsaSign];

    public required IReadOnlyList<SignatureScheme> SupportedSignatureAlgorithms { get; init; }

    /// <summary>DER-encoded distinguished names of the CAs the server accepts.</summary>
    public IReadOnlyList<byte[]> CertificateAuthorities { get; init; } = [];

    internal static CertificateRequest ReadBody(TlsReader reader)
    {
        var types = reader.ReadVector8("certificate_types", 1)
            .Select(b => (ClientCertificateType)b).ToList();
        var algorithms = reader.Sub16("supported_signature_algorithms");
        var schemes = new List<SignatureScheme>();
        while (!algorithms.IsAtEnd)
        {
            schemes.Add((SignatureScheme)algorithms.ReadUInt16("SignatureAndHashAlgorithm"));
        }

        var authorities = reader.Sub16("certificate_authorities");
        var names = new List<byte[]>();
        while (!authorities.IsAtEnd)
        {
            names.Add(authorities.ReadVector16("DistinguishedName", 1));
        }

        return new CertificateRequest
        {
            CertificateTypes = types,
            SupportedSignatureAlgorithms = schemes,
            CertificateAuthorities = names,
        };
    }

    protected override void WriteBody(TlsWriter writer)
    {
        writer.WriteVector8(
            CertificateTypes.Select(t => (byte)t).ToArray(), "certificate_types");
        using (writer.Block16("supported_signature_algorithms"))
        {
            foreach (var scheme in SupportedSignatureAlgorithms)
            {
                writer.WriteUInt16((ushort)scheme, TlsNames.Snake(scheme));
            }
        }

        using (writer.Block16("certificate_authorities"))
        {
            foreach (var name in CertificateAuthorities)
            {
                writer.WriteVector16(name, "DistinguishedName");
            }
        }
    }

    public override IEnumerable<(string Name, string Value)> Fields()
    {
        yield return ("certificate_types", string.Join(", ",
            CertificateTypes.Select(t => TlsNames.Snake(t))));
        yield return ("supported_signature_algorithms", string.Join(", ",
            SupportedSignatureAlgorithms.Select(s => TlsNames.Snake(s))));
        foreach (var name in CertificateAuthorities)
        {
            yield return ("certificate_authority", DescribeName(name));
        }
    }

    private static string DescribeName(byte[] der)
    {
        try
        {
            return new X500DistinguishedName(der).Name;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return Hex(der);
        }
    }
}
