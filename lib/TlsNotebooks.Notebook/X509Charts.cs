using Org.BouncyCastle.X509;
using Plotly.NET;
using Plotly.NET.CSharp;
using TlsNotebooks.X509;
using Chart = Plotly.NET.CSharp.Chart;

namespace TlsNotebooks.Notebook;

/// <summary>Charts about certificates: when each one of a chain is valid.</summary>
public static class X509Charts
{
    /// <summary>
    /// One horizontal bar per certificate from notBefore to notAfter, the trust anchor at the
    /// top, and a vertical line at each of <paramref name="moments"/> (such as the time of
    /// validation): a path is valid only where a line crosses every bar.
    /// </summary>
    public static GenericChart ValidityTimeline(
        IEnumerable<X509Certificate> certificates,
        string title,
        params (string Label, DateTimeOffset Time)[] moments)
    {
        var list = certificates.ToList();
        if (list.Count == 0)
        {
            throw new ArgumentException("The timeline needs at least one certificate.",
                nameof(certificates));
        }

        // The end-entity comes first in a path; drawing the list in reverse puts it at the
        // bottom, as in the path diagram.
        var labels = list.Select(Label).ToList();
        var periods = CertificateInspector.Validity(list);
        var bars = periods.Select((p, i) => Chart.Line<DateTime, string, string>(
                [p.NotBefore.UtcDateTime, p.NotAfter.UtcDateTime],
                [labels[i], labels[i]],
                ShowMarkers: true,
                Name: labels[i],
                ShowLegend: false,
                LineWidth: 14.0,
                MultiText: new[] { $"notBefore {p.NotBefore:u}", $"notAfter {p.NotAfter:u}" }))
            .ToList();
        var lines = moments.Select(m => Chart.Line<DateTime, string, string>(
                [m.Time.UtcDateTime, m.Time.UtcDateTime],
                [labels[^1], labels[0]],
                ShowMarkers: false,
                Name: m.Label,
                LineWidth: 2.0,
                LineDash: StyleParam.DrawingStyle.Dash))
            .ToList();

        var chart = Chart.Combine(bars.Concat(lines));
        return Charts.WithTitle(chart, title)
            .WithXAxisStyle<double, double, string>(TitleText: "time (UTC)")
            .WithYAxisStyle<double, double, string>(TitleText: "certificate");
    }

    /// <summary>
    /// Where each certificate's bytes go, one stacked bar per certificate: the public key
    /// (subjectPublicKeyInfo), the issuer's signature (signatureValue), the names and validity,
    /// the extensions, and the rest (DER headers, version, serial number, algorithm
    /// identifiers). The segments add up to the certificate's DER length.
    /// </summary>
    public static GenericChart ByteBudget(string title,
        params (string Label, X509Certificate Certificate)[] certificates)
    {
        if (certificates.Length == 0)
        {
            throw new ArgumentException("The chart needs at least one certificate.",
                nameof(certificates));
        }

        var budgets = certificates
            .Select(c => (c.Label, Parts: BytesByPart(c.Certificate)))
            .ToList();
        var labels = budgets.Select(b => b.Label).ToArray();
        var segments = budgets[0].Parts
            .Select((part, i) => Chart.StackedColumn<int, string, string>(
                budgets.Select(b => b.Parts[i].Bytes).ToArray(),
                Keys: labels,
                Name: part.Part))
            .ToList();

        var chart = Chart.Combine(segments);
        return Charts.WithTitle(chart, title)
            .WithXAxisStyle<double, double, string>(TitleText: "certificate")
            .WithYAxisStyle<double, double, string>(TitleText: "bytes of DER");
    }

    /// <summary>
    /// The parts that <see cref="ByteBudget"/> stacks, in order; they sum to the DER length.
    /// </summary>
    public static IReadOnlyList<(string Part, int Bytes)> BytesByPart(X509Certificate certificate)
    {
        var layout = CertificateInspector.Layout(certificate);
        int Field(params string[] names) =>
            layout.TbsFields.Where(f => names.Contains(f.Name)).Sum(f => f.Range.Length);

        var publicKey = Field("subjectPublicKeyInfo");
        var signature = layout.SignatureValue.Length;
        var names = Field("issuer", "subject", "validity");
        var extensions = Field("extensions");
        var rest = layout.Der.Length - publicKey - signature - names - extensions;
        return
        [
            ("public key", publicKey),
            ("signature", signature),
            ("names and validity", names),
            ("extensions", extensions),
            ("headers, serial, algorithm ids", rest),
        ];
    }

    /// <summary>A short label for a certificate: its subject's common name.</summary>
    public static string Label(X509Certificate certificate)
    {
        var names = certificate.SubjectDN.GetValueList(Org.BouncyCastle.Asn1.X509.X509Name.CN);
        return names.Count > 0 ? names[0] : certificate.SubjectDN.ToString();
    }
}
