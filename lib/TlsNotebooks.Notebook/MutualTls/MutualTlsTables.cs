using TlsNotebooks.Presentation;
using TlsNotebooks.X509;

namespace TlsNotebooks.Notebook.MutualTls;

/// <summary>Certificates and validation traces as field tables for notebook 06.</summary>
public static class MutualTlsTables
{
    /// <summary>Every field of a certificate, in the order of RFC 5280 §4.1.</summary>
    public static IFieldTable Certificate(IssuedCertificate issued) =>
        new FieldTable(issued.Certificate.SubjectDN.ToString(),
            CertificateInspector.Fields(issued.Certificate)
                .Select(f => new Field(f.Name, f.Value)).ToList());

    /// <summary>
    /// The checks path validation made on the certificate at <paramref name="position"/>
    /// (0: the end-entity), each with pass or FAIL and what was checked.
    /// </summary>
    public static IFieldTable Checks(ValidationResult result, int position = 0) =>
        new FieldTable(
            $"{(result.IsValid ? "VALID" : "INVALID")}: checks on certificate [{position}]",
            result.Trace.Where(c => c.Position == position)
                .Select(c => new Field(c.Check, c.Passed ? "pass" : "FAIL", c.Detail))
                .ToList());

    private sealed record FieldTable(string TableTitle, IReadOnlyList<Field> Fields)
        : IFieldTable
    {
        public IReadOnlyList<Field> GetFields() => Fields;

        public override string ToString() => Html.PlainTable(this);
    }
}
