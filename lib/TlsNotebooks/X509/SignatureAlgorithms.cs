using Org.BouncyCastle.Asn1;

namespace TlsNotebooks.X509;

/// <summary>
/// The signature algorithms this library verifies, with their OIDs (RFC 4055, RFC 5758), and
/// the hash each uses. Anything else (SHA-1, MD5, DSA) is refused by path validation.
/// </summary>
public static class SignatureAlgorithms
{
    private static readonly Dictionary<string, (string Name, string Hash)> s_known = new()
    {
        ["1.2.840.113549.1.1.11"] = ("sha256WithRSAEncryption", "SHA-256"),
        ["1.2.840.113549.1.1.12"] = ("sha384WithRSAEncryption", "SHA-384"),
        ["1.2.840.113549.1.1.13"] = ("sha512WithRSAEncryption", "SHA-512"),
        ["1.2.840.113549.1.1.10"] = ("RSASSA-PSS", "from the parameters"),
        ["1.2.840.10045.4.3.2"] = ("ecdsa-with-SHA256", "SHA-256"),
        ["1.2.840.10045.4.3.3"] = ("ecdsa-with-SHA384", "SHA-384"),
        ["1.2.840.10045.4.3.4"] = ("ecdsa-with-SHA512", "SHA-512"),
    };

    private static readonly Dictionary<string, string> s_curves = new()
    {
        ["1.2.840.10045.3.1.7"] = "P-256",
        ["1.3.132.0.34"] = "P-384",
        ["1.3.132.0.35"] = "P-521",
        ["1.2.840.10045.3.1.1"] = "P-192",
    };

    /// <summary>The RFC name of a signature algorithm OID, or null when not supported.</summary>
    public static string? Name(string oid) => s_known.TryGetValue(oid, out var known)
        ? known.Name
        : null;

    /// <summary>
    /// The hash named in the algorithm, such as "SHA-256"; null when not supported.
    /// </summary>
    public static string? Hash(string oid) => s_known.TryGetValue(oid, out var known)
        ? known.Hash
        : null;

    public static bool IsSupported(string oid) => s_known.ContainsKey(oid);

    public static string CurveName(DerObjectIdentifier oid) =>
        s_curves.TryGetValue(oid.Id, out var name) ? name : oid.Id;

    /// <summary>Curves a validator accepts: P-256, P-384 and P-521 (not P-192).</summary>
    public static bool IsAcceptedCurve(DerObjectIdentifier oid) =>
        oid.Id is "1.2.840.10045.3.1.7" or "1.3.132.0.34" or "1.3.132.0.35";
}
