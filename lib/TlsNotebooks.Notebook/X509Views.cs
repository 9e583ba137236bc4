using System.Text;
using Microsoft.AspNetCore.Html;
using Org.BouncyCastle.X509;
using TlsNotebooks.Presentation;
using TlsNotebooks.X509;

namespace TlsNotebooks.Notebook;

/// <summary>
/// The pictures of notebooks 04 and 05: a certificate's fields, its DER with the signed part
/// marked, a signature check step by step, and a validated path with every check.
/// </summary>
public static class X509Views
{
    private const string Mono = "font-family:ui-monospace,Consolas,monospace;font-size:12px";

    private static readonly Dictionary<string, string> s_fieldColours = new()
    {
        ["version"] = "#e3f2fd",
        ["serialNumber"] = "#fff59d",
        ["signature"] = "#e1bee7",
        ["issuer"] = "#ffcc80",
        ["validity"] = "#c5e1a5",
        ["subject"] = "#ffab91",
        ["subjectPublicKeyInfo"] = "#80cbc4",
        ["extensions"] = "#b39ddb",
    };

    private const string HeaderColour = "#eeeeee";
    private const string TbsHeaderColour = "#bbdefb";
    private const string AlgorithmColour = "#cfd8dc";
    private const string SignatureColour = "#f48fb1";
    private const string TbsMark = "border-bottom:3px solid #1565c0";

    /// <summary>Every field and extension of the certificate, with a note on each.</summary>
    public static X509FieldTable Fields(X509Certificate certificate, string? title = null) =>
        CertificateNotes.Table(title ?? certificate.SubjectDN.ToString(),
            CertificateInspector.Fields(certificate));

    /// <summary>
    /// Two or more certificates side by side, one column each, one row per field or extension
    /// (matched by name, whether critical or not).
    /// </summary>
    public static HtmlString Compare(params (string Label, X509Certificate Certificate)[] columns)
    {
        var tables = columns
            .Select(c => CertificateInspector.Fields(c.Certificate)
                .GroupBy(f => Plain(f.Name))
                .ToDictionary(g => g.Key, g => g.First()))
            .ToList();
        var names = new List<string>();
        foreach (var table in tables)
        {
            names.AddRange(table.Keys.Where(k => !names.Contains(k)));
        }

        names.RemoveAll(n => n is "signatureValue" or "SHA-256 fingerprint");
        var html = new StringBuilder("<table style=\"text-align:left\"><thead><tr><th>field</th>");
        foreach (var (label, _) in columns)
        {
            html.Append("<th style=\"text-align:left\">").Append(Html.Encode(label))
                .Append("</th>");
        }

        html.Append("</tr></thead><tbody>");
        foreach (var name in names)
        {
            html.Append("<tr><td style=\"text-align:left\"><b>").Append(Html.Encode(name))
                .Append("</b></td>");
            var values = tables.Select(t => t.TryGetValue(name, out var f)
                ? f.Value + (f.Name.EndsWith("(critical)", StringComparison.Ordinal)
                    ? " (critical)" : "")
                : "—").ToList();
            var differ = values.Distinct().Count() > 1;
            foreach (var value in values)
            {
                html.Append("<td style=\"text-align:left;")
                    .Append(differ ? "background:#fff8e1" : "")
                    .Append("\"><code style=\"white-space:pre-wrap;word-break:break-all\">")
                    .Append(Html.Encode(value)).Append("</code></td>");
            }

            html.Append("</tr>");
        }

        html.Append("</tbody></table>");
        return new HtmlString(html.ToString());
    }

    /// <summary>
    /// The DER of a certificate as a hex dump, each byte coloured by the part it belongs to;
    /// the bytes of tbsCertificate, the ones the issuer signs, are underlined in blue.
    /// </summary>
    public static HtmlString Der(X509Certificate certificate) => Der(certificate.GetEncoded());

    /// <summary>The DER view for raw bytes (which must be a well-formed Certificate).</summary>
    public static HtmlString Der(byte[] der)
    {
        var layout = CertificateInspector.Layout(der);
        var parts = new List<(ByteRange Range, string Name, string Colour, bool Signed)>
        {
            (layout.TbsCertificate, "tbsCertificate header", TbsHeaderColour, true),
        };
        parts.AddRange(layout.TbsFields.Select(f => (f.Range, f.Name,
            s_fieldColours.GetValueOrDefault(f.Name, TbsHeaderColour), true)));
        parts.Add((layout.SignatureAlgorithm, "signatureAlgorithm", AlgorithmColour, false));
        parts.Add((layout.SignatureValue, "signatureValue", SignatureColour, false));

        // The innermost part that holds a byte wins: fields lie inside tbsCertificate.
        (string Name, string Colour, bool Signed) PartOf(int offset)
        {
            var found = ("Certificate header", HeaderColour, false);
            foreach (var part in parts)
            {
                if (offset >= part.Range.Offset && offset < part.Range.End)
                {
                    found = (part.Name, part.Colour, part.Signed);
                }
            }

            return found;
        }

        var html = new StringBuilder();
        html.Append("<div style=\"").Append(Mono).Append("\">");
        html.Append(Legend(layout, parts));
        html.Append("<pre style=\"line-height:1.7;margin:4px 0\">");
        for (var row = 0; row < der.Length; row += 16)
        {
            html.Append($"<span style=\"color:#888\">{row:x4}</span>  ");
            for (var i = row; i < Math.Min(row + 16, der.Length); i++)
            {
                var (name, colour, signed) = PartOf(i);
                html.Append($"<span title=\"{Html.Encode(name)}, byte {i}\" style=\"background:")
                    .Append(colour).Append(signed ? ";" + TbsMark : "").Append("\">")
                    .Append(der[i].ToString("x2")).Append("</span>")
                    .Append(i % 16 == 7 ? "  " : " ");
            }

            html.Append('\n');
        }

        html.Append("</pre></div>");
        return new HtmlString(html.ToString());
    }

    private static string Legend(
        CertificateLayout layout,
        List<(ByteRange Range, string Name, string Colour, bool Signed)> parts)
    {
        var html = new StringBuilder("<div style=\"margin:4px 0\">");
        html.Append($"<span style=\"{TbsMark}\">underlined</span>: tbsCertificate, ")
            .Append(Html.Encode(layout.TbsCertificate.ToString()))
            .Append(", the bytes the issuer signs");
        html.Append("<br/>");
        foreach (var part in parts.Skip(1))
        {
            html.Append("<span style=\"background:").Append(part.Colour)
                .Append(";padding:0 4px;margin-right:6px;white-space:nowrap\" title=\"")
                .Append(Html.Encode(part.Range.ToString())).Append("\">")
                .Append(Html.Encode(part.Name)).Append(' ')
                .Append(part.Range.Offset).Append('…').Append(part.Range.End - 1)
                .Append("</span> ");
        }

        html.Append("</div>");
        return html.ToString();
    }

    /// <summary>The steps of a signature check as a table: step, value, explanation.</summary>
    public static X509FieldTable Steps(SignatureVerification verification) =>
        StepTable($"{verification.Algorithm}: {(verification.IsValid ? "valid" : "INVALID")}",
            verification.Steps);

    /// <summary>The steps of making an RSA signature by hand, as a table.</summary>
    public static X509FieldTable Steps(SignatureSigning signing) =>
        StepTable($"{signing.Algorithm}: signed by hand", signing.Steps);

    private static X509FieldTable StepTable(string title, IReadOnlyList<SignatureStep> steps) =>
        new(title, steps
            .Select((s, i) => new Field($"{i + 1}. {s.Title}", s.Value ?? "", s.Explanation))
            .ToList());

    /// <summary>
    /// An RSA encoded message (s^e mod n) with its parts coloured. For PKCS#1 v1.5:
    /// 00 01, the FF padding, the 00 separator, the DigestInfo header and the hash. Anything
    /// else (such as a PSS encoding) is shown as one block with its last byte marked.
    /// </summary>
    public static HtmlString EncodedMessage(byte[] em, int hashLength = 32)
    {
        var segments = new List<(int Length, string Name, string Colour)>();
        var padEnd = 2;
        while (padEnd < em.Length && em[padEnd] == 0xFF)
        {
            padEnd++;
        }

        var isPkcs1 = em.Length > hashLength + 11 && em[0] == 0x00 && em[1] == 0x01
            && padEnd - 2 >= 8 && padEnd < em.Length - hashLength && em[padEnd] == 0x00;
        if (isPkcs1)
        {
            var headerLength = em.Length - (padEnd + 1) - hashLength;
            segments.Add((2, "00 01: block type 1 (a signature)", "#90caf9"));
            segments.Add((padEnd - 2, $"{padEnd - 2} × FF: padding", "#e0e0e0"));
            segments.Add((1, "00: end of padding", "#90caf9"));
            segments.Add((headerLength,
                "DigestInfo header: SEQUENCE { sha256, NULL }, OCTET STRING", "#ffcc80"));
            segments.Add((hashLength, "the hash of tbsCertificate", "#a5d6a7"));
        }
        else
        {
            segments.Add((em.Length - 1, "no 00 01 FF … structure: masked, salted bytes",
                "#eeeeee"));
            segments.Add((1, $"last byte {em[^1]:x2} (PSS ends every encoding with bc)",
                "#f48fb1"));
        }

        var html = new StringBuilder("<div style=\"").Append(Mono).Append("\"><div>");
        foreach (var (_, name, colour) in segments)
        {
            html.Append("<span style=\"background:").Append(colour)
                .Append(";padding:0 4px;margin-right:6px\">").Append(Html.Encode(name))
                .Append("</span> ");
        }

        html.Append("</div><pre style=\"line-height:1.6;white-space:pre-wrap;margin:4px 0\">");
        var offset = 0;
        foreach (var (length, name, colour) in segments)
        {
            html.Append("<span title=\"").Append(Html.Encode(name))
                .Append("\" style=\"background:")
                .Append(colour).Append("\">");
            for (var i = offset; i < offset + length; i++)
            {
                html.Append(em[i].ToString("x2")).Append(i % 32 == 31 ? "\n" : " ");
            }

            html.Append("</span>");
            offset += length;
        }

        html.Append("</pre></div>");
        return new HtmlString(html.ToString());
    }

    /// <summary>
    /// A validated path drawn from the trust anchor at the top to the end-entity at the
    /// bottom: one box per certificate, with every check made on it, pass or fail.
    /// </summary>
    public static HtmlString Trace(ValidationResult result)
    {
        var html = new StringBuilder(
            "<div style=\"font-family:sans-serif;font-size:13px;max-width:980px\">");
        var (verdictColour, verdictBorder) = result.IsValid
            ? ("#e8f5e9", "#2e7d32")
            : ("#ffebee", "#c62828");
        html.Append($"<div style=\"background:{verdictColour};")
            .Append($"border-left:5px solid {verdictBorder};")
            .Append("padding:6px 10px;margin-bottom:8px\"><b>")
            .Append(result.IsValid
                ? "VALID"
                : "INVALID: " + Html.Encode(result.Failure.ToString()))
            .Append("</b>");
        if (!result.IsValid)
        {
            html.Append(" — ").Append(Html.Encode(result.Reason));
        }

        html.Append("</div>");

        var path = result.Path;
        var notBuilt = !result.IsValid && result.Trace.All(c => c.Check == "path building");
        if (notBuilt)
        {
            html.Append("<div style=\"border:2px dashed #c62828;border-radius:6px;")
                .Append("padding:6px 10px;")
                .Append("color:#c62828\">? no certificate found that issued <i>")
                .Append(Html.Encode(path.Count > 0 ? path[^1].IssuerDN.ToString() : ""))
                .Append("</i>: not among the trust anchors, not among the intermediates</div>")
                .Append(Arrow("would have signed"));
        }

        for (var i = path.Count - 1; i >= 0; i--)
        {
            var checks = result.Trace.Where(c => c.Position == i).ToList();
            var failed = checks.Any(c => !c.Passed);
            var role = i == 0 && (path.Count > 1 || notBuilt)
                ? "end-entity"
                : i == path.Count - 1 ? "trust anchor" : "intermediate";
            var border = failed ? "#c62828" : "#2e7d32";
            html.Append($"<div style=\"border:2px solid {border};border-radius:6px;")
                .Append("padding:6px 10px\">")
                .Append($"<div><b>[{i}] {Html.Encode(role)}</b> · ")
                .Append(Html.Encode(path[i].SubjectDN.ToString()))
                .Append(" <span style=\"color:#666\">(issuer ")
                .Append(Html.Encode(path[i].IssuerDN.ToString())).Append(")</span></div>");
            html.Append("<table style=\"margin:4px 0 0 0;border-collapse:collapse\">");
            foreach (var check in checks)
            {
                html.Append("<tr><td style=\"text-align:left;padding:1px 6px;color:")
                    .Append(check.Passed ? "#2e7d32\">✔" : "#c62828\">✘")
                    .Append("</td><td style=\"text-align:left;padding:1px 6px;")
                    .Append("white-space:nowrap\"><b>")
                    .Append(Html.Encode(check.Check)).Append("</b></td>")
                    .Append("<td style=\"text-align:left;padding:1px 6px;color:")
                    .Append(check.Passed ? "#555" : "#c62828").Append("\">")
                    .Append(Html.Encode(check.Detail)).Append("</td></tr>");
            }

            html.Append("</table></div>");
            if (i > 0)
            {
                html.Append(Arrow("signed"));
            }
        }

        html.Append("</div>");
        return new HtmlString(html.ToString());
    }

    /// <summary>
    /// The verdict alone: valid, or the failure with its reason and the certificate it
    /// concerns, and the failing checks of the trace.
    /// </summary>
    public static HtmlString Verdict(ValidationResult result)
    {
        var (colour, border) = result.IsValid ? ("#e8f5e9", "#2e7d32") : ("#ffebee", "#c62828");
        var html = new StringBuilder(
            $"<div style=\"font-family:sans-serif;font-size:13px;background:{colour};")
            .Append($"border-left:5px solid {border};padding:6px 10px\"><b>")
            .Append(result.IsValid
                ? "VALID"
                : "INVALID: " + Html.Encode(result.Failure.ToString()))
            .Append("</b>");
        if (!result.IsValid)
        {
            html.Append(" — ").Append(Html.Encode(result.Reason));
            if (result.FailedCertificate is { } certificate)
            {
                html.Append("<br/>certificate: ")
                    .Append(Html.Encode(certificate.SubjectDN.ToString()));
            }

            foreach (var check in result.Trace.Where(c => !c.Passed).Skip(1))
            {
                html.Append("<br/><span style=\"color:#c62828\">also ✘ [").Append(check.Position)
                    .Append("] ").Append(Html.Encode(check.Check)).Append(": ")
                    .Append(Html.Encode(check.Detail)).Append("</span>");
            }
        }

        html.Append("</div>");
        return new HtmlString(html.ToString());
    }

    private static string Arrow(string label) =>
        "<div style=\"margin:2px 0 2px 40px;color:#555\">│<br/>▼ <i>" + Html.Encode(label) +
        "</i></div>";

    /// <summary>One row per scenario: the failure reported and the reason, as a table.</summary>
    public static X509FieldTable Verdicts(
        IEnumerable<(string Scenario, ValidationResult Result)> rows) =>
        new("Validation results",
            rows.Select(r => new Field(r.Scenario,
                r.Result.IsValid ? "valid" : r.Result.Failure.ToString(),
                r.Result.IsValid
                    ? null
                    : r.Result.Reason + (r.Result.FailedCertificate is { } c
                        ? $" [{c.SubjectDN}]"
                        : "")))
            .ToList());

    /// <summary>
    /// The candidate paths path building tried, in order: each path from the end-entity up,
    /// and what validation said about it.
    /// </summary>
    public static X509FieldTable Candidates(ValidationResult result) =>
        new("Candidate paths, in the order they were tried",
            result.Candidates.Select((c, i) => new Field(
                $"path {i + 1}",
                string.Join(" → ", c.Certificates.Select(X509Charts.Label)),
                c.Failure == PathValidationFailure.None ? "valid" : $"{c.Failure}: {c.Reason}"))
            .ToList());

    /// <summary>A CRL's fields and entries, as a table.</summary>
    public static X509FieldTable Crl(X509Crl crl)
    {
        var entries = crl.GetRevokedCertificates()?.Cast<X509CrlEntry>().ToList() ?? [];
        var fields = new List<Field>
        {
            new("issuer", crl.IssuerDN.ToString(), "the CA that signs this list"),
            new("thisUpdate", crl.ThisUpdate.ToString("u"),
                "when it was issued (RFC 5280 §5.1.2.4)"),
            new("nextUpdate", crl.NextUpdate?.ToString("u") ?? "(none)",
                "the next list comes by then; after it, this one is stale (§5.1.2.5)"),
            new("cRLNumber", CrlChecker.CrlNumber(crl)?.ToString() ?? "(none)",
                "grows with every list, so a client can tell newer from older (§5.2.3)"),
            new("signature", SignatureAlgorithms.Name(crl.SigAlgOid) ?? crl.SigAlgName,
                "signed by the issuer, like a certificate"),
            new("revokedCertificates", entries.Count.ToString(),
                "serial numbers only: the certificates themselves are not in the list"),
        };
        fields.AddRange(entries.Select(e => new Field(
            "serial " + e.SerialNumber.ToString(16),
            $"revoked {e.RevocationDate:u}, reason {CrlChecker.ReasonCode(e)}")));
        return new X509FieldTable("CRL from " + crl.IssuerDN, fields);
    }

    private static string Plain(string name) =>
        name.Replace(" (critical)", "", StringComparison.Ordinal);
}
