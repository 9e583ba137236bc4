using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;

namespace TlsNotebooks.DiffieHellman;

/// <summary>
/// Reads and writes Diffie-Hellman parameters and keys in the PEM and DER forms that OpenSSL
/// uses, so that lessons and tests can load its parameter files and hand it keys.
/// </summary>
/// <remarks>
/// Two parameter forms exist. PKCS #3 §9 ("-----BEGIN DH PARAMETERS-----"):
/// <code>
/// DHParameter ::= SEQUENCE {
///     prime              INTEGER,            -- p
///     base               INTEGER,            -- g
///     privateValueLength INTEGER OPTIONAL }
/// </code>
/// and ANSI X9.42 as in RFC 3279 §2.3.3 ("-----BEGIN X9.42 DH PARAMETERS-----"):
/// <code>
/// DomainParameters ::= SEQUENCE {
///     p INTEGER, g INTEGER, q INTEGER,
///     j INTEGER OPTIONAL, validationParms ValidationParms OPTIONAL }
/// </code>
/// Keys use PKCS #8 and SubjectPublicKeyInfo with the PKCS #3 algorithm identifier
/// dhKeyAgreement (1.2.840.113549.1.3.1) whose parameters are a DHParameter.
/// </remarks>
public static class DhPem
{
    /// <summary>The PEM label of PKCS #3 parameters.</summary>
    public const string ParametersLabel = "DH PARAMETERS";

    /// <summary>The PEM label of X9.42 parameters.</summary>
    public const string X942ParametersLabel = "X9.42 DH PARAMETERS";

    private const string DhKeyAgreementOid = "1.2.840.113549.1.3.1";

    /// <summary>
    /// Reads the first "DH PARAMETERS" or "X9.42 DH PARAMETERS" block of a PEM text. A prime
    /// and generator that match an RFC group give back that named group.
    /// </summary>
    /// <exception cref="FormatException">No such block, or its DER is malformed.</exception>
    /// <exception cref="ArgumentException">The numbers do not form a valid group.</exception>
    public static DhGroup ParseParameters(string pem, string name = "pem-parameters")
    {
        ArgumentNullException.ThrowIfNull(pem);
        var remaining = pem.AsSpan();
        while (PemEncoding.TryFind(remaining, out var fields))
        {
            var label = remaining[fields.Label].ToString();
            var der = Convert.FromBase64String(remaining[fields.Base64Data].ToString());
            if (label == ParametersLabel)
            {
                return ParseParametersDer(der, name);
            }

            if (label == X942ParametersLabel)
            {
                return ParseX942ParametersDer(der, name);
            }

            remaining = remaining[fields.Location.End..];
        }

        throw new FormatException(
            $"The text holds no \"{ParametersLabel}\" or \"{X942ParametersLabel}\" PEM block.");
    }

    /// <summary>Reads DER-encoded PKCS #3 DHParameter.</summary>
    /// <exception cref="FormatException">The DER is malformed.</exception>
    /// <exception cref="ArgumentException">The numbers do not form a valid group.</exception>
    public static DhGroup ParseParametersDer(
        ReadOnlySpan<byte> der,
        string name = "der-parameters")
    {
        try
        {
            var reader = new AsnReader(der.ToArray(), AsnEncodingRules.DER);
            var sequence = reader.ReadSequence();
            reader.ThrowIfNotEmpty();
            var p = sequence.ReadInteger();
            var g = sequence.ReadInteger();
            int? exponentBits = sequence.HasData ? (int)sequence.ReadInteger() : null;
            sequence.ThrowIfNotEmpty();
            return FindOrCreate(name, p, g, q: null, exponentBits);
        }
        catch (AsnContentException e)
        {
            throw new FormatException("Malformed PKCS #3 DHParameter DER: " + e.Message, e);
        }
        catch (OverflowException e)
        {
            throw new FormatException("PKCS #3 privateValueLength is out of range.", e);
        }
    }

    /// <summary>Reads DER-encoded X9.42 DomainParameters (p, g, q; j and seed ignored).</summary>
    /// <exception cref="FormatException">The DER is malformed.</exception>
    /// <exception cref="ArgumentException">The numbers do not form a valid group.</exception>
    public static DhGroup ParseX942ParametersDer(
        ReadOnlySpan<byte> der,
        string name = "der-parameters")
    {
        try
        {
            var reader = new AsnReader(der.ToArray(), AsnEncodingRules.DER);
            var sequence = reader.ReadSequence();
            reader.ThrowIfNotEmpty();
            var p = sequence.ReadInteger();
            var g = sequence.ReadInteger();
            var q = sequence.ReadInteger();

            // j (the cofactor) and validationParms only help to re-check how p was generated.
            return FindOrCreate(name, p, g, q, exponentBits: null);
        }
        catch (AsnContentException e)
        {
            throw new FormatException("Malformed X9.42 DomainParameters DER: " + e.Message, e);
        }
    }

    /// <summary>Writes a group as PKCS #3 "DH PARAMETERS" PEM, as openssl dhparam does.</summary>
    public static string ExportParameters(DhGroup group) =>
        PemEncoding.WriteString(ParametersLabel, WriteDhParameter(group));

    /// <summary>
    /// Writes the key pair's private key as PKCS #8 "PRIVATE KEY" PEM, which
    /// <c>openssl pkeyutl -derive -inkey</c> reads.
    /// </summary>
    public static string ExportPrivateKey(DhKeyPair keyPair)
    {
        ArgumentNullException.ThrowIfNull(keyPair);

        // PrivateKeyInfo ::= SEQUENCE { version INTEGER (0), privateKeyAlgorithm
        //     AlgorithmIdentifier, privateKey OCTET STRING (containing INTEGER x) }
        var x = new AsnWriter(AsnEncodingRules.DER);
        x.WriteInteger(keyPair.PrivateExponent);

        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteInteger(0);
            WriteAlgorithmIdentifier(writer, keyPair.Group);
            writer.WriteOctetString(x.Encode());
        }

        return PemEncoding.WriteString("PRIVATE KEY", writer.Encode());
    }

    /// <summary>
    /// Writes a public value as SubjectPublicKeyInfo "PUBLIC KEY" PEM, which
    /// <c>openssl pkeyutl -derive -peerkey</c> reads.
    /// </summary>
    public static string ExportPublicKey(DhGroup group, BigInteger publicValue)
    {
        ArgumentNullException.ThrowIfNull(group);

        // SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier,
        //     subjectPublicKey BIT STRING (containing INTEGER y) }
        var y = new AsnWriter(AsnEncodingRules.DER);
        y.WriteInteger(publicValue);

        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            WriteAlgorithmIdentifier(writer, group);
            writer.WriteBitString(y.Encode());
        }

        return PemEncoding.WriteString("PUBLIC KEY", writer.Encode());
    }

    /// <summary>
    /// Reads the public value y of a SubjectPublicKeyInfo "PUBLIC KEY" PEM with the PKCS #3
    /// algorithm, as <c>openssl pkey -pubout</c> writes it.
    /// </summary>
    /// <exception cref="FormatException">Not a PKCS #3 Diffie-Hellman public key.</exception>
    public static BigInteger ParsePublicKey(string pem)
    {
        ArgumentNullException.ThrowIfNull(pem);
        try
        {
            var fields = PemEncoding.Find(pem);
            var der = Convert.FromBase64String(pem[fields.Base64Data]);
            var reader = new AsnReader(der, AsnEncodingRules.DER);
            var spki = reader.ReadSequence();
            var algorithm = spki.ReadSequence();
            var oid = algorithm.ReadObjectIdentifier();
            if (oid != DhKeyAgreementOid)
            {
                throw new FormatException(
                    $"The key's algorithm is {oid}, not dhKeyAgreement ({DhKeyAgreementOid}).");
            }

            var bits = spki.ReadBitString(out _);
            return new AsnReader(bits, AsnEncodingRules.DER).ReadInteger();
        }
        catch (Exception e) when (e is AsnContentException or ArgumentException)
        {
            throw new FormatException("Malformed Diffie-Hellman public key: " + e.Message, e);
        }
    }

    private static void WriteAlgorithmIdentifier(AsnWriter writer, DhGroup group)
    {
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(DhKeyAgreementOid);
            writer.WriteEncodedValue(WriteDhParameter(group));
        }
    }

    private static byte[] WriteDhParameter(DhGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteInteger(group.P);
            writer.WriteInteger(group.G);
        }

        return writer.Encode();
    }

    private static DhGroup FindOrCreate(
        string name,
        BigInteger p,
        BigInteger g,
        BigInteger? q,
        int? exponentBits)
    {
        if (DhGroups.FindByParameters(p, g) is { } named && (q is null || q == named.Q))
        {
            return named;
        }

        return new DhGroup(name, p, g, q, exponentBits);
    }
}
