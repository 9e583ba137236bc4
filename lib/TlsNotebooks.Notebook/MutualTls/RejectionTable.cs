using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using TlsNotebooks.Organisation;
using TlsNotebooks.Tls;

namespace TlsNotebooks.Notebook.MutualTls;

/// <summary>
/// The rejection matrix: one row per call with the outcome, the alert, who sent it and the
/// rule that was broken.
/// </summary>
public sealed class RejectionTable : IHtmlContent
{
    private readonly IReadOnlyList<(string Case, CallResult Call)> _rows;

    private RejectionTable(IReadOnlyList<(string Case, CallResult Call)> rows) => _rows = rows;

    public static RejectionTable Of(params (string Case, CallResult Call)[] rows) => new(rows);

    public IReadOnlyList<(string Case, CallResult Call)> Rows => _rows;

    public override string ToString() => string.Join("\n", _rows.Select(r =>
        $"{r.Case,-28} {Outcome(r.Call),-26} {r.Call.Reason}"));

    public void WriteTo(TextWriter writer, HtmlEncoder encoder)
    {
        var html = new StringBuilder("<table style=\"text-align:left\"><thead><tr>")
            .Append("<th>case</th><th>outcome</th><th>alert</th><th>sent by</th>")
            .Append("<th style=\"text-align:left\">reason</th></tr></thead><tbody>");
        foreach (var (name, call) in _rows)
        {
            var colour = call.Accepted ? "#1e8449" : "#c0392b";
            html.Append("<tr><td style=\"text-align:left\"><b>").Append(Encode(name))
                .Append("</b></td><td style=\"text-align:left;color:").Append(colour).Append("\">")
                .Append(call.Accepted ? "accepted" : "refused").Append("</td>")
                .Append("<td style=\"text-align:left\"><code>")
                .Append(call.Alert is { } a ? Encode($"{TlsNames.Alert(a)} ({(byte)a})") : "-")
                .Append("</code></td><td style=\"text-align:left\">")
                .Append(Encode(call.AlertSentBy ?? "-"))
                .Append("</td><td style=\"text-align:left\">").Append(Encode(call.Reason))
                .Append("</td></tr>");
        }

        writer.Write(html.Append("</tbody></table>").ToString());
    }

    private static string Outcome(CallResult call) => call.Accepted
        ? "accepted"
        : $"refused: {(call.Alert is { } a ? TlsNames.Alert(a) : "-")}";

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
