using System.Net;
using System.Text;
using TlsNotebooks.Presentation;

namespace TlsNotebooks.Notebook;

/// <summary>Small HTML pieces the formatters share.</summary>
public static class Html
{
    /// <summary>A field table as an HTML table with a caption.</summary>
    public static string Table(IFieldTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var fields = table.GetFields();
        var hasNotes = fields.Any(f => !string.IsNullOrEmpty(f.Note));

        var html = new StringBuilder();
        html.Append("<table class=\"tlsnb-fields\" style=\"text-align:left\">");
        html.Append("<caption style=\"text-align:left;font-weight:bold\">")
            .Append(Encode(table.TableTitle)).Append("</caption>");
        html.Append("<thead><tr><th>field</th><th>value</th>")
            .Append(hasNotes ? "<th>note</th>" : "").Append("</tr></thead><tbody>");
        foreach (var field in fields)
        {
            html.Append("<tr><td style=\"text-align:left\"><b>")
                .Append(Encode(field.Name)).Append("</b></td>")
                .Append("<td style=\"text-align:left\">")
                .Append("<code style=\"white-space:pre-wrap;word-break:break-all\">")
                .Append(Encode(field.Value)).Append("</code></td>");
            if (hasNotes)
            {
                html.Append("<td style=\"text-align:left\">")
                    .Append(Encode(field.Note ?? "")).Append("</td>");
            }

            html.Append("</tr>");
        }

        html.Append("</tbody></table>");
        return html.ToString();
    }

    /// <summary>A field table as aligned plain text, for front ends that show no HTML.</summary>
    public static string PlainTable(IFieldTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var fields = table.GetFields();
        var width = fields.Count == 0 ? 0 : fields.Max(f => f.Name.Length);
        var text = new StringBuilder(table.TableTitle).AppendLine();
        foreach (var field in fields)
        {
            text.Append("  ").Append(field.Name.PadRight(width)).Append("  ").Append(field.Value);
            if (!string.IsNullOrEmpty(field.Note))
            {
                text.Append("  (").Append(field.Note).Append(')');
            }

            text.AppendLine();
        }

        return text.ToString();
    }

    internal static string Encode(string text) => WebUtility.HtmlEncode(text);
}
