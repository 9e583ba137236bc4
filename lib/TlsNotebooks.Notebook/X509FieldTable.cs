using TlsNotebooks.Presentation;
using TlsNotebooks.X509;

namespace TlsNotebooks.Notebook;

/// <summary>A titled list of fields, shown as a table by the notebook's formatter.</summary>
public sealed class X509FieldTable(string title, IReadOnlyList<Field> fields) : IFieldTable
{
    public string TableTitle => title;

    public IReadOnlyList<Field> GetFields() => fields;

    /// <summary>The value of the first row named <paramref name="name"/>.</summary>
    public string this[string name] =>
        fields.FirstOrDefault(f => f.Name == name)?.Value
        ?? throw new KeyNotFoundException($"The table \"{title}\" has no row \"{name}\".");

    public override string ToString() => Html.PlainTable(this);
}

/// <summary>What each part of a certificate is for, as notes beside the fields table.</summary>
internal static class CertificateNotes
{
    private static readonly Dictionary<string, string> s_notes = new()
    {
        ["version"] = "v3: the only version that can carry extensions (RFC 5280 §4.1.2.1)",
        ["serialNumber"] = "unique among everything this issuer signs (§4.1.2.2)",
        ["signature"] = "the algorithm the issuer signed with, inside the signed part (§4.1.2.3)",
        ["issuer"] = "who makes the statement: must equal the issuer certificate's subject",
        ["validity notBefore"] = "the statement holds from here ... (§4.1.2.5)",
        ["validity notAfter"] = "... to here",
        ["subject"] = "who the statement is about",
        ["subjectPublicKeyInfo"] = "the key the statement binds to the subject",
        ["basicConstraints"] = "CA: TRUE lets this certificate's key sign certificates (§4.2.1.9)",
        ["keyUsage"] = "what the key may be used for (§4.2.1.3)",
        ["extendedKeyUsage"] = "for which purpose: TLS server, TLS client, ... (§4.2.1.12)",
        ["subjectAltName"] = "the names a client matches the host name against (§4.2.1.6)",
        ["subjectKeyIdentifier"] = "a short name for this certificate's key (§4.2.1.2)",
        ["authorityKeyIdentifier"] = "the subjectKeyIdentifier of the issuer's key (§4.2.1.1)",
        ["cRLDistributionPoints"] = "where the issuer publishes its revocation list (§4.2.1.13)",
        ["signatureValue"] = "the issuer's signature over tbsCertificate: outside the signed part",
        ["SHA-256 fingerprint"] = "a hash of the whole DER: not a field, a name for the file",
    };

    public static string? For(string name) =>
        s_notes.TryGetValue(
            name.Replace(" (critical)", "", StringComparison.Ordinal), out var note)
            ? note
            : null;

    public static X509FieldTable Table(string title, IEnumerable<CertificateField> fields) =>
        new(title, fields.Select(f => new Field(f.Name, f.Value, For(f.Name))).ToList());
}
